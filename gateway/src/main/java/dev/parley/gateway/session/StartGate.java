package dev.parley.gateway.session;

import java.util.ArrayDeque;

/**
 * Bounds how many sessions are being started at once (IDENTIFY to READY: the user, guild list and guild snapshots
 * read from the state apps). The rest wait their turn in arrival order, so a connection storm is served at the rate
 * the state apps sustain instead of timing out and coming back as a retry storm. Past {@code maxWaiting} waiting,
 * {@link #enter} refuses and the caller closes the connection.
 *
 * <p>Thread-safe. Every accepted {@link #enter} must be matched by exactly one {@link Permit#release()}.
 */
public final class StartGate {
    private final int maxInFlight;
    private final int maxWaiting;
    private final ArrayDeque<Waiting> waiting = new ArrayDeque<>();
    private int inFlight;

    /** A turn to start a session; release it once the start has finished, however it finished. */
    public interface Permit {
        void release();
    }

    private record Waiting(java.util.function.Consumer<Permit> start) {
    }

    public StartGate(int maxInFlight, int maxWaiting) {
        if (maxInFlight < 1) throw new IllegalArgumentException("at least one start must be allowed: " + maxInFlight);
        this.maxInFlight = maxInFlight;
        this.maxWaiting = maxWaiting;
    }

    /**
     * Runs {@code start} with a permit now (on this thread) or, when the gate is full, later (on the thread releasing
     * the permit it takes over).
     *
     * @return false when the gate is full and so many wait already that this start is refused
     */
    boolean enter(java.util.function.Consumer<Permit> start) {
        synchronized (this) {
            if (inFlight >= maxInFlight) {
                if (waiting.size() >= maxWaiting) return false;
                waiting.addLast(new Waiting(start));
                return true;
            }
            inFlight++;
        }
        start.accept(new OncePermit());
        return true;
    }

    /** Starts running now. */
    public synchronized int inFlight() {
        return inFlight;
    }

    /** Starts waiting for a turn. */
    public synchronized int waiting() {
        return waiting.size();
    }

    private void handOver() {
        Waiting next;
        synchronized (this) {
            next = waiting.pollFirst();
            if (next == null) {
                inFlight--;
                return;
            }
        }
        next.start.accept(new OncePermit());
    }

    /** Releases once, however often called. */
    private final class OncePermit implements Permit {
        private final java.util.concurrent.atomic.AtomicBoolean released = new java.util.concurrent.atomic.AtomicBoolean();

        @Override
        public void release() {
            if (released.compareAndSet(false, true)) handOver();
        }
    }
}
