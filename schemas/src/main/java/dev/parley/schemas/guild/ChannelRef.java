package dev.parley.schemas.guild;

import dev.parley.schemas.json.SnowflakeId;

/** Which guild a channel belongs to: the value of the channel index, keyed by channel id. */
public record ChannelRef(@SnowflakeId long channelId, @SnowflakeId long guildId) {
}
