package dev.parley.gateway.auth;

/**
 * What a genuine token says: whose it is, when it was minted, and at which of the user's token generations. A
 * genuine token is valid only while {@code generation} is the user's current one and the user exists (see
 * {@link TokenGenerations}).
 *
 * @param issuedAtSeconds seconds since the epoch
 * @param generation      the user's token generation when minted; 0 for tokens minted before generations existed
 */
public record TokenClaims(long userId, long issuedAtSeconds, long generation) {
}
