package dev.parley.gateway.session;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * Discord's {@code max_concurrency}: a user's IDENTIFYs are admitted one per {@code interval} in each bucket
 * {@code shard_id % max_concurrency}. An IDENTIFY that comes early is held until its slot (slots are handed out in
 * arrival order), unless that is more than {@code maxWait} away: then it is refused and takes no slot. Counted per
 * gateway.
 *
 * <p>Memory: one entry per user bucket whose next slot lies in the future; past ones are dropped by a sweep once per
 * second. Thread-safe.
 */
public final class IdentifySlots {
    private record Key(long userId, int bucket) {
    }

    private final int maxConcurrency;
    private final long intervalMillis;
    private final long maxWaitMillis;
    private final LongSupplier clock;
    private final Map<Key, Long> nextSlot = new ConcurrentHashMap<>();
    private final AtomicLong nextSweep;

    /**
     * @param maxConcurrency IDENTIFY buckets per user (at least 1)
     * @param intervalMillis time between two IDENTIFYs of one bucket; 0 admits every IDENTIFY at once
     * @param maxWaitMillis  longest an IDENTIFY is held for its slot
     * @param clock          the current time in epoch milliseconds
     */
    public IdentifySlots(int maxConcurrency, long intervalMillis, long maxWaitMillis, LongSupplier clock) {
        if (maxConcurrency < 1) throw new IllegalArgumentException("max_concurrency must be at least 1: " + maxConcurrency);
        this.maxConcurrency = maxConcurrency;
        this.intervalMillis = intervalMillis;
        this.maxWaitMillis = maxWaitMillis;
        this.clock = clock;
        this.nextSweep = new AtomicLong(clock.getAsLong() + 1000);
    }

    public int maxConcurrency() {
        return maxConcurrency;
    }

    /**
     * Reserves the next IDENTIFY slot of the user's bucket for {@code shardId}.
     *
     * @return milliseconds to hold the IDENTIFY (0: go ahead now), or -1 when its slot is more than the longest
     * wait away (refused; no slot taken)
     */
    long reserve(long userId, int shardId) {
        if (intervalMillis <= 0) return 0;
        long now = clock.getAsLong();
        sweepIfDue(now);
        long[] wait = new long[1];
        nextSlot.compute(new Key(userId, Math.floorMod(shardId, maxConcurrency)), (key, next) -> {
            long slot = next == null ? now : Math.max(now, next);
            if (slot - now > maxWaitMillis) {
                wait[0] = -1;
                return next;
            }
            wait[0] = slot - now;
            return slot + intervalMillis;
        });
        return wait[0];
    }

    /** How long from now until the user's bucket for {@code shardId} has a free slot (0: now). */
    long untilFree(long userId, int shardId) {
        Long next = nextSlot.get(new Key(userId, Math.floorMod(shardId, maxConcurrency)));
        return next == null ? 0 : Math.max(0, next - clock.getAsLong());
    }

    /** Buckets with a slot in the future (for tests). */
    int size() {
        return nextSlot.size();
    }

    private void sweepIfDue(long now) {
        long due = nextSweep.get();
        if (now < due || !nextSweep.compareAndSet(due, now + 1000)) return;
        nextSlot.values().removeIf(next -> next <= now);
    }
}
