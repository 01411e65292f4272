package dev.parley.schemas.session;

import dev.parley.schemas.guild.User;
import dev.parley.schemas.json.SnowflakeId;

/** A client IDENTIFYed as {@code user}: a new session began on {@code gatewayId}, with its initial presence. */
public record SessionStarted(@SnowflakeId long userId, String sessionId, String gatewayId, long at, User user,
                             Presence presence, ClientProperties properties) implements SessionEvent {
}
