package dev.parley.schemas.guild;

import dev.parley.schemas.json.SnowflakeId;

/**
 * Create a guild owned by {@code actor}, who becomes its first member; it gets an {@code @everyone} role and a
 * text channel {@code general}. The gateway chose {@code guildId} (a snowflake), which is also the record key.
 */
public record CreateGuild(String requestId, String replyTo, @SnowflakeId long guildId, User actor, String name)
        implements GuildCommand {

    @Override
    public long actorId() {
        return actor.id();
    }
}
