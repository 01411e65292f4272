package dev.parley.schemas.guild;

import dev.parley.schemas.json.SnowflakeId;

/** A channel was created. */
public record ChannelCreated(String requestId, @SnowflakeId long guildId, Channel channel) implements GuildEvent {

    @Override
    public String dispatchType() {
        return "CHANNEL_CREATE";
    }
}
