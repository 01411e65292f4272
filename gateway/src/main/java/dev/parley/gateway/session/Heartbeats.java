package dev.parley.gateway.session;

import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * A connection's heartbeat clock: when the client last sent a heartbeat, when to ask it for one (op 1, half the
 * grace past the interval) and when it has timed out (the interval plus the grace, 4009). Pure: the connection runs
 * {@link #check} when the previous check said to and does what it answers.
 *
 * <p>{@link #beat} and {@link #check} are called on the connection's I/O thread; {@link #ageMillis} from any thread.
 */
final class Heartbeats {
    /** What a check found. */
    enum Verdict {
        /** Nothing to do yet. */
        WAIT,
        /** The heartbeat is late: ask the client for one (op 1). */
        REQUEST,
        /** No heartbeat within the interval plus the grace: close with 4009. */
        TIMED_OUT
    }

    /**
     * The outcome of a check.
     *
     * @param nextInNanos when to check again, from now (meaningless after {@link Verdict#TIMED_OUT})
     */
    record Check(Verdict verdict, long nextInNanos) {
    }

    private final long nudgeNanos;
    private final long deadlineNanos;
    private final LongSupplier clock;
    private volatile long lastNanos;
    private boolean requested;

    /**
     * Starts the clock now, as if the client had just sent a heartbeat.
     *
     * @param clock a nanosecond clock ({@link System#nanoTime} but in tests)
     */
    Heartbeats(Duration interval, Duration grace, LongSupplier clock) {
        this.nudgeNanos = interval.toNanos() + grace.toNanos() / 2;
        this.deadlineNanos = interval.toNanos() + grace.toNanos();
        this.clock = clock;
        this.lastNanos = clock.getAsLong();
    }

    /** When the first check is due, from the start. */
    long firstCheckInNanos() {
        return nudgeNanos;
    }

    /** The client sent a heartbeat. */
    void beat() {
        lastNanos = clock.getAsLong();
        requested = false;
    }

    /** Whether the client is late, and when to check next; asks for a heartbeat once per late beat. */
    Check check() {
        long since = clock.getAsLong() - lastNanos;
        if (since >= deadlineNanos) return new Check(Verdict.TIMED_OUT, 0);
        if (since >= nudgeNanos && !requested) {
            requested = true;
            return new Check(Verdict.REQUEST, deadlineNanos - since);
        }
        return new Check(Verdict.WAIT, (requested ? deadlineNanos : nudgeNanos) - since);
    }

    /** How long a client may go without a heartbeat: the interval plus the grace. */
    long deadlineMillis() {
        return deadlineNanos / 1_000_000;
    }

    /** Milliseconds since the client's last heartbeat (or the start). */
    long ageMillis() {
        return (clock.getAsLong() - lastNanos) / 1_000_000;
    }
}
