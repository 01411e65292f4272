package dev.parley.schemas.guild;

import dev.parley.schemas.json.SnowflakeId;

/** Delete a channel and its message history (owner only). */
public record DeleteChannel(String requestId, String replyTo, @SnowflakeId long guildId, @SnowflakeId long actorId,
                            @SnowflakeId long channelId) implements GuildCommand {
}
