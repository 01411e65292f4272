package dev.parley.gateway.session;

import dev.parley.schemas.session.SessionStarts;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * Discord's {@code session_start_limit}: at most {@code total} sessions started per user in any
 * {@link SessionStarts#WINDOW} (24 hours), counted from the starts the user state app recorded
 * ({@code session-starts}, read per IDENTIFY) plus the starts this gateway admitted that the store does not show
 * yet, so that a burst of IDENTIFYs cannot overshoot while the store catches up. {@code GET /gateway/bot} reports
 * through {@link #report} exactly what {@link #admit} enforces.
 *
 * <p>Memory: this gateway's starts are kept for {@link #UNSEEN_HORIZON_MILLIS} and counted meanwhile unless the
 * store read shows them (a store lagging further behind lets a burst overshoot by what it has not seen); a sweep
 * drops the expired ones once per horizon, so the ledger holds only the starts of the last few minutes.
 * Thread-safe: one user's admissions are serialised.
 */
public final class SessionStartLimit {
    /** How long a start admitted here is counted while the store does not show it. */
    static final long UNSEEN_HORIZON_MILLIS = 5 * 60_000;

    /**
     * What {@code GET /gateway/bot} answers.
     *
     * @param resetAfterMillis when the oldest counted start leaves the window (the whole window when there is none)
     */
    public record Report(int total, int remaining, long resetAfterMillis, int maxConcurrency) {
    }

    /**
     * The answer to an IDENTIFY.
     *
     * @param at               when admitted: the start's time, which its {@code SessionStarted} event must carry
     * @param resetAfterMillis when refused: how long until a start leaves the window
     */
    record StartDecision(boolean admitted, long at, long resetAfterMillis) {
    }

    private final int total;
    private final int maxConcurrency;
    private final LongSupplier clock;
    private final Map<Long, List<Long>> unseen = new ConcurrentHashMap<>();
    private final AtomicLong nextSweep;

    /**
     * @param total          starts allowed per user and window; at most {@link SessionStarts#LIMIT}, what the store keeps
     * @param maxConcurrency reported as {@code max_concurrency} (see {@link IdentifySlots})
     * @param clock          the current time in epoch milliseconds
     */
    public SessionStartLimit(int total, int maxConcurrency, LongSupplier clock) {
        if (total < 1 || total > SessionStarts.LIMIT) {
            throw new IllegalArgumentException("the session start limit must be 1-" + SessionStarts.LIMIT
                    + " (the user app keeps " + SessionStarts.LIMIT + " starts per user): " + total);
        }
        this.total = total;
        this.maxConcurrency = maxConcurrency;
        this.clock = clock;
        this.nextSweep = new AtomicLong(clock.getAsLong() + UNSEEN_HORIZON_MILLIS);
    }

    /** The user's limit as {@code GET /gateway/bot} reports it, given the starts the store recorded. */
    public Report report(long userId, SessionStarts stored) {
        long now = clock.getAsLong();
        List<Long> recent = stored.recent(now).at();
        List<Long> counted = new ArrayList<>(recent);
        unseen.computeIfPresent(userId, (id, mine) -> {
            counted.addAll(notIn(mine, recent, now));
            return mine;
        });
        return new Report(total, Math.max(0, total - counted.size()), resetAfter(counted, now), maxConcurrency);
    }

    /** Admits a session start of the user if the window has room, and counts it until the store shows it. */
    StartDecision admit(long userId, SessionStarts stored) {
        long now = clock.getAsLong();
        sweepIfDue(now);
        List<Long> recent = stored.recent(now).at();
        StartDecision[] answer = new StartDecision[1];
        unseen.compute(userId, (id, mine) -> {
            List<Long> kept = new ArrayList<>();
            if (mine != null) for (Long at : mine) if (at > now - UNSEEN_HORIZON_MILLIS) kept.add(at);
            List<Long> counted = new ArrayList<>(recent);
            counted.addAll(notIn(kept, recent, now));
            if (counted.size() >= total) {
                answer[0] = new StartDecision(false, 0, resetAfter(counted, now));
            } else {
                long at = now;
                while (counted.contains(at)) at++; // unique, so the store's copy of it is recognised as this one
                kept.add(at);
                answer[0] = new StartDecision(true, at, 0);
            }
            return kept.isEmpty() ? null : kept;
        });
        return answer[0];
    }

    /** Takes back an admitted start that did not happen after all. */
    void cancel(long userId, long at) {
        unseen.computeIfPresent(userId, (id, mine) -> {
            mine.remove(Long.valueOf(at));
            return mine.isEmpty() ? null : mine;
        });
    }

    /** Users with starts the store does not show yet (for tests and introspection). */
    int usersWithUnseenStarts() {
        return unseen.size();
    }

    /**
     * Those of {@code mine} that {@code stored} does not show (each stored start matching one of mine), and not
     * expired. Mine are kept until they expire, whatever a store read showed: another IDENTIFY may have read the
     * store earlier, when it did not show them yet.
     */
    private static List<Long> notIn(List<Long> mine, List<Long> stored, long now) {
        List<Long> left = new ArrayList<>(stored);
        List<Long> kept = new ArrayList<>();
        for (Long at : mine) {
            if (at <= now - UNSEEN_HORIZON_MILLIS) continue;
            if (!left.remove(at)) kept.add(at);
        }
        return kept;
    }

    private static long resetAfter(List<Long> counted, long now) {
        long window = SessionStarts.WINDOW.toMillis();
        long oldest = counted.stream().mapToLong(Long::longValue).min().orElse(now);
        return Math.max(0, oldest + window - now);
    }

    private void sweepIfDue(long now) {
        long due = nextSweep.get();
        if (now < due || !nextSweep.compareAndSet(due, now + UNSEEN_HORIZON_MILLIS)) return;
        for (Iterator<Long> users = unseen.keySet().iterator(); users.hasNext(); ) {
            unseen.computeIfPresent(users.next(), (id, mine) -> {
                mine.removeIf(at -> at <= now - UNSEEN_HORIZON_MILLIS);
                return mine.isEmpty() ? null : mine;
            });
        }
    }
}
