package dev.parley.schemas.session;

import dev.parley.schemas.json.SnowflakeId;

/** A client IDENTIFYed: a new session began on {@code gatewayId}, with its initial presence. */
public record SessionStarted(@SnowflakeId long userId, String sessionId, String gatewayId, long at, Presence presence,
                             ClientProperties properties) implements SessionEvent {
}
