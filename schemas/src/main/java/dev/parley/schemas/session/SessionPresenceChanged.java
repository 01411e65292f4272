package dev.parley.schemas.session;

import dev.parley.schemas.json.SnowflakeId;

/** The session's client sent PRESENCE_UPDATE (op 3). */
public record SessionPresenceChanged(@SnowflakeId long userId, String sessionId, String gatewayId, long at,
                                     Presence presence) implements SessionEvent {
}
