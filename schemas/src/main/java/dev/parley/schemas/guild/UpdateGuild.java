package dev.parley.schemas.guild;

import dev.parley.schemas.json.SnowflakeId;

/** Rename the guild or change its icon (owner only); a null field keeps its value. */
public record UpdateGuild(String requestId, String replyTo, @SnowflakeId long guildId, @SnowflakeId long actorId,
                          String name, String icon) implements GuildCommand {
}
