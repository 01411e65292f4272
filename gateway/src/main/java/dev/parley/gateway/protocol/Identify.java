package dev.parley.gateway.protocol;

import dev.parley.schemas.session.ClientProperties;
import dev.parley.schemas.session.Presence;

/**
 * Op 2.
 *
 * @param shard          {@code [shard_id, num_shards]}, or null for {@code [0, 1]}
 * @param largeThreshold 50-250: guilds with more members send only the session's own member in GUILD_CREATE
 * @param presence       the initial presence, or null
 * @param compress       per-message zlib compression asked for (ignored under zlib-stream transport compression)
 */
public record Identify(String token, long intents, Shard shard, int largeThreshold, Presence presence,
                       ClientProperties properties, boolean compress) implements ClientCommand {
    public static final int LARGE_THRESHOLD_MIN = 50;
    public static final int LARGE_THRESHOLD_MAX = 250;
    public static final int LARGE_THRESHOLD_DEFAULT = 50;
}
