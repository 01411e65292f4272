package dev.parley.schemas.session;

import dev.parley.schemas.json.SnowflakeId;

/**
 * A session ended for good: the client closed with 1000/1001, a terminal close code, or its resume window
 * passed.
 *
 * @param reason {@code closed}, {@code expired}, {@code invalidated} or a close code's name
 */
public record SessionEnded(@SnowflakeId long userId, String sessionId, String gatewayId, long at, String reason)
        implements SessionEvent {
}
