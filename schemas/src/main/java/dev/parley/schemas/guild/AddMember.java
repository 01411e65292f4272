package dev.parley.schemas.guild;

import dev.parley.schemas.json.SnowflakeId;

/** {@code actor} joins the guild. */
public record AddMember(String requestId, String replyTo, @SnowflakeId long guildId, User actor)
        implements GuildCommand {

    @Override
    public long actorId() {
        return actor.id();
    }
}
