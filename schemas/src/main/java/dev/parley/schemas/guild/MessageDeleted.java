package dev.parley.schemas.guild;

import dev.parley.schemas.json.SnowflakeId;

/** A message was deleted. */
public record MessageDeleted(String requestId, @SnowflakeId long guildId, @SnowflakeId long channelId,
                             @SnowflakeId long messageId) implements GuildEvent {

    @Override
    public String dispatchType() {
        return "MESSAGE_DELETE";
    }
}
