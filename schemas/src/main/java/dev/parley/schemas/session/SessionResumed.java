package dev.parley.schemas.session;

import dev.parley.schemas.json.SnowflakeId;

/**
 * A dropped session was RESUMEd on {@code gatewayId}; it carries the session's presence and platform so that a
 * session the presence app had given up on (its gateway seemed dead) comes back as it is.
 *
 * @param platform {@code desktop}, {@code mobile} or {@code web}
 */
public record SessionResumed(@SnowflakeId long userId, String sessionId, String gatewayId, long at, Presence presence,
                             String platform) implements SessionEvent {
}
