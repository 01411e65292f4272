package dev.parley.schemas.guild;

import dev.parley.schemas.json.SnowflakeId;

/** Delete a message: its author's own, or any by the owner. */
public record DeleteMessage(String requestId, String replyTo, @SnowflakeId long guildId, @SnowflakeId long actorId,
                            @SnowflakeId long channelId, @SnowflakeId long messageId) implements GuildCommand {
}
