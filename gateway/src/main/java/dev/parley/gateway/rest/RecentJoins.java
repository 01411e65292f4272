package dev.parley.gateway.rest;

import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.LongSupplier;

/**
 * The guilds this gateway's users are joining (or creating) now or joined in the last little while, which the user
 * state app's guild lists may not show yet (they follow the guild events through a repartition): counted with those
 * lists, they keep {@code gateway.max-guilds-per-user} exact for requests that reach this gateway, however many come
 * at once. A join {@link #reserve reserves} its place before its command is produced, under the one lock that also
 * counts, so concurrent joins cannot all pass the count; a join that is refused or fails {@link Reservation#release
 * gives it back}, one that succeeds {@link Reservation#confirm keeps it} for the window.
 *
 * <p>Bounded: an entry is forgotten {@code window} after it was reserved or confirmed, and at most {@code maxUsers}
 * users are remembered (the least recently added user goes first). Thread-safe.
 */
final class RecentJoins {
    /** A guild's place in a user's count, held from {@link #reserve} until confirmed or released. */
    interface Reservation {
        /** The join succeeded: the guild keeps counting for the window (until the user app lists it). */
        void confirm();

        /** The join was refused or failed: the place is free again. Does nothing after {@link #confirm}. */
        void release();
    }

    /** For a guild already counted: nothing to give back. */
    private static final Reservation COUNTED = new Reservation() {
        @Override
        public void confirm() {
        }

        @Override
        public void release() {
        }
    };

    /** One guild's place: until when it counts (changed under the lock). */
    private static final class Entry {
        long expiresAtMillis;

        Entry(long expiresAtMillis) {
            this.expiresAtMillis = expiresAtMillis;
        }
    }

    private final long windowMillis;
    private final int maxUsers;
    private final LongSupplier clock;
    private final LinkedHashMap<Long, Map<Long, Entry>> byUser = new LinkedHashMap<>(16, 0.75f, false);

    RecentJoins(long windowMillis, int maxUsers, LongSupplier clock) {
        this.windowMillis = windowMillis;
        this.maxUsers = maxUsers;
        this.clock = clock;
    }

    /**
     * Reserves {@code guildId}'s place among {@code userId}'s guilds when they are in fewer than {@code max}: those
     * of {@code known} (the user app's list) and this gateway's recent and pending joins. A guild already among them
     * needs no place (the reservation does nothing).
     *
     * @return the reservation, or null when the user is in {@code max} guilds already
     */
    synchronized Reservation reserve(long userId, long guildId, List<Long> known, int max) {
        Map<Long, Entry> recent = live(userId);
        Set<Long> all = new HashSet<>(known);
        all.addAll(recent.keySet());
        if (all.contains(guildId)) return COUNTED;
        if (all.size() >= max) return null;
        Entry entry = new Entry(clock.getAsLong() + windowMillis);
        recent.put(guildId, entry);
        byUser.remove(userId);
        byUser.put(userId, recent);
        while (byUser.size() > maxUsers) byUser.remove(byUser.keySet().iterator().next());
        return new Held(userId, guildId, entry);
    }

    /** How many guilds {@code userId} is in: those of {@code known} and the recent and pending joins it does not list. */
    synchronized int count(long userId, List<Long> known) {
        Set<Long> all = new HashSet<>(known);
        all.addAll(live(userId).keySet());
        return all.size();
    }

    /** The user's entries still within their window (ended ones dropped); a new map when none. */
    private Map<Long, Entry> live(long userId) {
        Map<Long, Entry> recent = byUser.get(userId);
        if (recent == null) return new LinkedHashMap<>();
        long now = clock.getAsLong();
        recent.values().removeIf(entry -> entry.expiresAtMillis <= now);
        if (recent.isEmpty()) byUser.remove(userId);
        return recent;
    }

    /** The place a reservation added, released or confirmed once, under the table's lock. */
    private final class Held implements Reservation {
        private final long userId;
        private final long guildId;
        private final Entry entry;
        private boolean done;

        Held(long userId, long guildId, Entry entry) {
            this.userId = userId;
            this.guildId = guildId;
            this.entry = entry;
        }

        @Override
        public void confirm() {
            synchronized (RecentJoins.this) {
                if (done) return;
                done = true;
                entry.expiresAtMillis = clock.getAsLong() + windowMillis; // a no-op when the entry is gone
            }
        }

        @Override
        public void release() {
            synchronized (RecentJoins.this) {
                if (done) return;
                done = true;
                Map<Long, Entry> recent = byUser.get(userId);
                if (recent == null || !recent.remove(guildId, entry)) return; // expired, or the user forgotten
                if (recent.isEmpty()) byUser.remove(userId);
            }
        }
    }
}
