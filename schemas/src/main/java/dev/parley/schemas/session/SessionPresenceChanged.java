package dev.parley.schemas.session;

import dev.parley.schemas.json.SnowflakeId;

/**
 * The session's client sent PRESENCE_UPDATE (op 3).
 *
 * @param platform {@code desktop}, {@code mobile} or {@code web}: the session's, so a session the presence app had
 *                 given up on can be restored whole
 */
public record SessionPresenceChanged(@SnowflakeId long userId, String sessionId, String gatewayId, long at,
                                     Presence presence, String platform) implements SessionEvent {
}
