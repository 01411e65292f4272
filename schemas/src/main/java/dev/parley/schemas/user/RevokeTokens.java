package dev.parley.schemas.user;

import dev.parley.schemas.json.SnowflakeId;

/**
 * Revoke the user's tokens of {@code fromGeneration} and before: the user state app makes the user's token generation
 * at least {@code fromGeneration + 1}, announces {@link UserTokensRevoked}, and replies with the resulting
 * {@link dev.parley.schemas.query.TokenGeneration}. Refused for an unknown user. Idempotent: processed again (after a
 * crash), it changes nothing more, and a token minted since at the new generation stays valid.
 *
 * @param fromGeneration the generation to revoke: that of the logging-out token, or the current one an admin read
 */
public record RevokeTokens(String requestId, String replyTo, @SnowflakeId long userId, long fromGeneration)
        implements UserCommand {
}
