package dev.parley.schemas.guild;

import dev.parley.schemas.json.SnowflakeId;

/** {@code userId} leaves the guild ({@code actorId == userId}) or is kicked by the owner. The owner cannot leave. */
public record RemoveMember(String requestId, String replyTo, @SnowflakeId long guildId, @SnowflakeId long actorId,
                           @SnowflakeId long userId) implements GuildCommand {
}
