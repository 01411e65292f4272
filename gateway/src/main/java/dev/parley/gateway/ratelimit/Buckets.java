package dev.parley.gateway.ratelimit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * Fixed-window request counters by key (a user and a route, a user, a client address...): the state behind the
 * gateway's rate limits. A key's window opens with its first request and lasts its {@link Rate}'s window; within it
 * {@link Rate#limit()} requests are allowed and the rest refused until the window ends.
 *
 * <p>Memory is bounded twice. A window that has ended counts the same as none, so it is dropped by a sweep that runs
 * at most once per {@code sweepEveryMillis}, on whichever thread takes a request then: the table holds only the keys
 * active within the longest window. And it never holds more than about {@code maxKeys} windows (plus one per thread
 * inserting at that instant): when it is full, a request of a new key is refused as if over its limit (retry after
 * its window) instead of evicting a live window, which would let a caller escape its limit by flooding new keys.
 *
 * <p>Thread-safe: a key's window is only changed inside {@link ConcurrentHashMap#compute}, so requests of one key are
 * counted exactly; requests of different keys do not contend.
 */
public final class Buckets {
    private static final Logger log = LoggerFactory.getLogger(Buckets.class);
    /** How often the gateway's table drops ended windows. */
    public static final long SWEEP_EVERY_MILLIS = 1000;

    /**
     * What a bucket says about one request.
     *
     * @param allowed       whether the request may go ahead (and was counted, for {@link #take})
     * @param limit         the window's limit
     * @param remaining     requests left in the window after this one
     * @param resetAtMillis when the window ends (epoch milliseconds)
     */
    public record Verdict(boolean allowed, int limit, int remaining, long resetAtMillis) {
        /** Milliseconds from {@code nowMillis} until the window ends; never negative. */
        public long resetAfterMillis(long nowMillis) {
            return Math.max(0, resetAtMillis - nowMillis);
        }
    }

    private static final class Window {
        final long resetAtMillis;
        final int limit;
        volatile int used;

        Window(long resetAtMillis, int limit) {
            this.resetAtMillis = resetAtMillis;
            this.limit = limit;
        }
    }

    private final Map<Object, Window> windows = new ConcurrentHashMap<>();
    private final int maxKeys;
    private final long sweepEveryMillis;
    private final LongSupplier clock;
    private final AtomicLong nextSweepMillis;
    private final AtomicLong lastFullWarningMillis = new AtomicLong(Long.MIN_VALUE / 2);

    /**
     * @param maxKeys          the most windows kept at once
     * @param sweepEveryMillis how often ended windows are dropped
     * @param clock            the current time in epoch milliseconds ({@code System::currentTimeMillis})
     */
    public Buckets(int maxKeys, long sweepEveryMillis, LongSupplier clock) {
        if (maxKeys < 1) throw new IllegalArgumentException("the rate limit table must hold at least one key: " + maxKeys);
        this.maxKeys = maxKeys;
        this.sweepEveryMillis = sweepEveryMillis;
        this.clock = clock;
        this.nextSweepMillis = new AtomicLong(clock.getAsLong() + sweepEveryMillis);
    }

    /** The current time of this table's clock (epoch milliseconds). */
    public long now() {
        return clock.getAsLong();
    }

    /** Counts one request of {@code key} against {@code rate} if the window allows it. */
    public Verdict take(Object key, Rate rate) {
        long now = clock.getAsLong();
        sweepIfDue(now);
        if (windows.size() >= maxKeys && !windows.containsKey(key)) return full(key, rate, now);
        Verdict[] verdict = new Verdict[1];
        windows.compute(key, (k, window) -> {
            Window w = window == null || window.resetAtMillis <= now
                    ? new Window(now + rate.window().toMillis(), rate.limit()) : window;
            if (w.used < w.limit) {
                w.used++;
                verdict[0] = new Verdict(true, w.limit, w.limit - w.used, w.resetAtMillis);
            } else {
                verdict[0] = new Verdict(false, w.limit, 0, w.resetAtMillis);
            }
            return w;
        });
        return verdict[0];
    }

    /** What {@link #take} would say of {@code key} now, without counting anything. */
    public Verdict peek(Object key, Rate rate) {
        long now = clock.getAsLong();
        Window w = windows.get(key);
        if (w == null || w.resetAtMillis <= now) {
            return new Verdict(true, rate.limit(), rate.limit(), now + rate.window().toMillis());
        }
        int used = w.used;
        return new Verdict(used < w.limit, w.limit, Math.max(0, w.limit - used), w.resetAtMillis);
    }

    /** Windows held now (ended ones included until the next sweep). */
    public int size() {
        return windows.size();
    }

    private Verdict full(Object key, Rate rate, long now) {
        long last = lastFullWarningMillis.get();
        if (now - last >= sweepEveryMillis && lastFullWarningMillis.compareAndSet(last, now)) {
            log.warn("rate limit table full ({} windows): refusing requests of new keys such as {}", maxKeys, key);
        }
        return new Verdict(false, rate.limit(), 0, now + rate.window().toMillis());
    }

    private void sweepIfDue(long now) {
        long due = nextSweepMillis.get();
        if (now < due || !nextSweepMillis.compareAndSet(due, now + sweepEveryMillis)) return;
        // removeIf removes an entry only while it still maps to the ended window it tested: a window replaced
        // meanwhile by compute is kept. An ended window is never changed in place, so the test cannot go stale.
        windows.values().removeIf(w -> w.resetAtMillis <= now);
    }
}
