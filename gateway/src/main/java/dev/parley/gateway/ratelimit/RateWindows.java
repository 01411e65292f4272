package dev.parley.gateway.ratelimit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * One table of fixed-window request counters by key, for one scope of limits (REST users, REST client addresses,
 * failed authentications, op 8's whole-guild listings): the state behind the gateway's rate limits. A key's window
 * opens with its first request and lasts its {@link Rate}'s window; within it {@link Rate#limit()} requests are
 * allowed and the rest refused until the window ends.
 *
 * <p>Memory is bounded twice. A window that has ended counts the same as none, and {@link #sweep} drops it; a
 * {@link WindowSweeper} calls it on its own thread, never on a request's. And the table never holds more than about
 * {@code maxKeys} windows (plus one per thread inserting at that instant): when it is full, a request of a new key is
 * refused as if over its limit (retry after its window) instead of evicting a live window, which would let a caller
 * escape its limit by flooding new keys. Each scope has a table of its own, so a flood of one kind of key (new client
 * addresses, say) fills only its own table and never refuses the keys of another (the users).
 *
 * <p>Thread-safe: a key's window is only changed inside {@link ConcurrentHashMap#compute}, so requests of one key are
 * counted exactly; requests of different keys do not contend.
 */
public final class RateWindows {
    private static final Logger log = LoggerFactory.getLogger(RateWindows.class);
    /** Least time between two warnings that the table is full. */
    private static final long FULL_WARNING_EVERY_MILLIS = 10_000;

    /**
     * What a window says about one request.
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
    private final String scope;
    private final int maxKeys;
    private final LongSupplier clock;
    private final AtomicLong lastFullWarningMillis = new AtomicLong(Long.MIN_VALUE / 2);

    /**
     * @param scope   what the table counts, named in its warnings (e.g. the setting of its maximum)
     * @param maxKeys the most windows kept at once
     * @param clock   the current time in epoch milliseconds ({@code System::currentTimeMillis})
     * @throws IllegalArgumentException when {@code maxKeys} is below 1
     */
    public RateWindows(String scope, int maxKeys, LongSupplier clock) {
        if (maxKeys < 1) throw new IllegalArgumentException(scope + " must be at least 1: " + maxKeys);
        this.scope = scope;
        this.maxKeys = maxKeys;
        this.clock = clock;
    }

    /** The current time of this table's clock (epoch milliseconds). */
    public long now() {
        return clock.getAsLong();
    }

    /** Counts one request of {@code key} against {@code rate} if the window allows it. */
    public Verdict take(Object key, Rate rate) {
        long now = clock.getAsLong();
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

    /** What {@link #take} would say of {@code key} now, without counting anything (and never refused for a full table). */
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

    /** The most windows this table holds. */
    public int maxKeys() {
        return maxKeys;
    }

    /** Drops the windows that have ended; O(size). Called by a {@link WindowSweeper}'s thread. */
    public void sweep() {
        long now = clock.getAsLong();
        // removeIf removes an entry only while it still maps to the ended window it tested: a window replaced
        // meanwhile by compute is kept. An ended window is never changed in place, so the test cannot go stale.
        windows.values().removeIf(w -> w.resetAtMillis <= now);
    }

    private Verdict full(Object key, Rate rate, long now) {
        long last = lastFullWarningMillis.get();
        if (now - last >= FULL_WARNING_EVERY_MILLIS && lastFullWarningMillis.compareAndSet(last, now)) {
            log.warn("rate limit table full ({}: {} windows): refusing requests of new keys such as {}", scope, maxKeys, key);
        }
        return new Verdict(false, rate.limit(), 0, now + rate.window().toMillis());
    }
}
