package dev.parley.schemas.guild;

import dev.parley.schemas.json.SnowflakeId;

/** A channel changed; {@code channel} is its new state. */
public record ChannelUpdated(String requestId, @SnowflakeId long guildId, Channel channel) implements GuildEvent {

    @Override
    public String dispatchType() {
        return "CHANNEL_UPDATE";
    }
}
