package dev.parley.schemas.guild;

import dev.parley.schemas.json.SnowflakeId;

/** A channel and its history were deleted; {@code channel} is its last state. */
public record ChannelDeleted(String requestId, @SnowflakeId long guildId, Channel channel) implements GuildEvent {

    @Override
    public String dispatchType() {
        return "CHANNEL_DELETE";
    }
}
