package dev.parley.schemas.session;

import dev.parley.schemas.json.SnowflakeId;

/** A dropped session was RESUMEd on {@code gatewayId}. */
public record SessionResumed(@SnowflakeId long userId, String sessionId, String gatewayId, long at)
        implements SessionEvent {
}
