package dev.parley.schemas.guild;

import dev.parley.schemas.json.SnowflakeId;

/**
 * Create a guild owned by {@code actor}, who becomes its first member; it gets an {@code @everyone} role and a
 * text channel {@code general}. The gateway chose both ids (snowflakes; {@code guildId} is also the record key, and
 * {@code generalChannelId} names the guild's partition), so that the command, processed again, creates the same guild.
 */
public record CreateGuild(String requestId, String replyTo, @SnowflakeId long guildId, User actor, String name,
                          @SnowflakeId long generalChannelId) implements GuildCommand {

    @Override
    public long actorId() {
        return actor.id();
    }
}
