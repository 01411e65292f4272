package dev.parley.schemas.query;

import dev.parley.schemas.json.SnowflakeId;

/**
 * An existing user's current token generation: a token is valid only when it was minted at exactly this
 * generation. Users start at 0; each revocation adds one.
 */
public record TokenGeneration(@SnowflakeId long userId, long generation) {
}
