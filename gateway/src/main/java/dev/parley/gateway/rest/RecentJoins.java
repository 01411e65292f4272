package dev.parley.gateway.rest;

import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.LongSupplier;

/**
 * The guilds this gateway's users joined (or created) in the last little while, which the user state app's guild
 * lists may not show yet (they follow the guild events through a repartition): counted with those lists, they keep
 * {@code gateway.max-guilds-per-user} exact for requests that reach this gateway, however fast they come.
 *
 * <p>Bounded: an entry is forgotten {@code window} after it was added, and at most {@code maxUsers} users are
 * remembered (the least recently added user goes first). Thread-safe.
 */
final class RecentJoins {
    private final long windowMillis;
    private final int maxUsers;
    private final LongSupplier clock;
    private final LinkedHashMap<Long, Map<Long, Long>> byUser = new LinkedHashMap<>(16, 0.75f, false);

    RecentJoins(long windowMillis, int maxUsers, LongSupplier clock) {
        this.windowMillis = windowMillis;
        this.maxUsers = maxUsers;
        this.clock = clock;
    }

    /** Remembers that {@code userId} joined {@code guildId} now. */
    synchronized void joined(long userId, long guildId) {
        Map<Long, Long> recent = byUser.remove(userId);
        if (recent == null) recent = new LinkedHashMap<>();
        recent.put(guildId, clock.getAsLong() + windowMillis);
        byUser.put(userId, recent);
        while (byUser.size() > maxUsers) byUser.remove(byUser.keySet().iterator().next());
    }

    /** How many guilds {@code userId} is in: those of {@code known} and the recent joins it does not list yet. */
    synchronized int count(long userId, List<Long> known) {
        Map<Long, Long> recent = byUser.get(userId);
        if (recent == null) return known.size();
        long now = clock.getAsLong();
        recent.values().removeIf(expiry -> expiry <= now);
        if (recent.isEmpty()) byUser.remove(userId);
        Set<Long> all = new HashSet<>(known);
        all.addAll(recent.keySet());
        return all.size();
    }
}
