package dev.parley.schemas.guild;

import dev.parley.schemas.json.SnowflakeId;

/** Which guild a channel belongs to: the answer of the state query API's channel lookup. */
public record ChannelRef(@SnowflakeId long channelId, @SnowflakeId long guildId) {
}
