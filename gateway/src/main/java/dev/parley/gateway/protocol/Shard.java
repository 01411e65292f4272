package dev.parley.gateway.protocol;

/**
 * A session's shard: it sees only guilds with {@code (guild_id >> 22) % count == id}.
 *
 * @param id    0 to {@code count - 1}
 * @param count at least 1
 */
public record Shard(int id, int count) {
    public static final Shard ONLY = new Shard(0, 1);

    public boolean isValid() {
        return count >= 1 && id >= 0 && id < count;
    }

    public boolean holds(long guildId) {
        return (guildId >>> 22) % count == id;
    }
}
