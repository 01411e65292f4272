package dev.parley.schemas.user;

import dev.parley.schemas.json.SnowflakeId;

/**
 * The user's tokens minted before {@code generation} no longer hold: a gateway closes the user's sessions that
 * started with an older token (4004) and forgets what it cached of the user's tokens.
 */
public record UserTokensRevoked(@SnowflakeId long userId, long generation) implements UserEvent {
}
