package dev.parley.schemas.user;

import dev.parley.schemas.json.SnowflakeId;

/**
 * The user became a member of {@code guildId}. {@code partition} and {@code offset} locate the join on
 * {@code guild-events}: a gateway not yet reading that partition starts there, so the joiner misses nothing.
 */
public record UserGuildJoined(@SnowflakeId long userId, @SnowflakeId long guildId, int partition, long offset)
        implements UserEvent {
}
