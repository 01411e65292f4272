package dev.parley.streams.user;

import dev.parley.schemas.json.SnowflakeId;

/**
 * A user joining or leaving a guild, taken from {@code guild-events} and repartitioned by user (the internal
 * topic {@code memberships-by-user}). {@code partition} and {@code offset} locate the guild event.
 */
public record MembershipChange(@SnowflakeId long userId, @SnowflakeId long guildId, boolean joined, int partition,
                               long offset) {
}
