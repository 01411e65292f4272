package dev.parley.schemas.user;

import dev.parley.schemas.json.SnowflakeId;

/**
 * Revoke every token of the user: the user state app bumps the user's token generation, announces
 * {@link UserTokensRevoked}, and replies with the new {@link dev.parley.schemas.query.TokenGeneration}. Refused
 * for an unknown user.
 */
public record RevokeTokens(String requestId, String replyTo, @SnowflakeId long userId) implements UserCommand {
}
