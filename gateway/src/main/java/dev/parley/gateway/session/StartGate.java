package dev.parley.gateway.session;

import java.util.ArrayDeque;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;

/**
 * Bounds how many sessions are being started at once (IDENTIFY to READY: the user, guild list and guild snapshots
 * read from the state apps). The rest wait their turn in arrival order, so a connection storm is served at the rate
 * the state apps sustain instead of timing out and coming back as a retry storm. Past {@code maxWaiting} waiting,
 * {@link #run} refuses and the caller closes the connection.
 *
 * <p>A turn is held for exactly as long as the start it was given to: {@link #run} takes it and gives it back from
 * one completion hook on the start's future (as Undertow's {@code RequestLimit} releases its slot), so no exit path of
 * a start can give it back early or keep it. Thread-safe.
 */
public final class StartGate {
    private final int maxInFlight;
    private final int maxWaiting;
    private final ArrayDeque<Runnable> waiting = new ArrayDeque<>();
    private int inFlight;

    /** The gate is full and so many starts wait already that one more is refused. */
    static final class FullException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        FullException(int maxWaiting) {
            super("all turns taken and " + maxWaiting + " starts waiting", null, false, false);
        }
    }

    public StartGate(int maxInFlight, int maxWaiting) {
        if (maxInFlight < 1) throw new IllegalArgumentException("at least one start must be allowed: " + maxInFlight);
        this.maxInFlight = maxInFlight;
        this.maxWaiting = maxWaiting;
    }

    /**
     * Runs {@code start} with a turn: now, on this thread, or when the gate is full, once a turn is free, on the
     * thread that completed the start before it. The turn is given back when the future {@code start} returned
     * completes, however it completes; a {@code start} that throws (or returns null) has failed and gives it back at
     * once. {@code start} should hand its work to another thread rather than complete on this one, or the turns handed
     * on run nested, one stack frame deep per waiting start.
     *
     * @return a future completed as {@code start}'s, just after the turn was given back; or failed with
     * {@link FullException} when so many starts wait already that this one is refused ({@code start} then never runs)
     */
    <T> CompletableFuture<T> run(Supplier<? extends CompletionStage<T>> start) {
        CompletableFuture<T> result = new CompletableFuture<>();
        Runnable turn = () -> begin(start, result);
        synchronized (this) {
            if (inFlight >= maxInFlight) {
                if (waiting.size() >= maxWaiting) return CompletableFuture.failedFuture(new FullException(maxWaiting));
                waiting.addLast(turn);
                return result;
            }
            inFlight++;
        }
        turn.run();
        return result;
    }

    /** Starts running now. */
    public synchronized int inFlight() {
        return inFlight;
    }

    /** Starts waiting for a turn. */
    public synchronized int waiting() {
        return waiting.size();
    }

    private static <T> CompletionStage<T> started(Supplier<? extends CompletionStage<T>> start) {
        try {
            CompletionStage<T> running = start.get();
            return running != null ? running : CompletableFuture.failedFuture(new NullPointerException("start returned null"));
        } catch (Throwable e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    /** Runs a start holding a turn; the one place the turn is given back. */
    private <T> void begin(Supplier<? extends CompletionStage<T>> start, CompletableFuture<T> result) {
        started(start).whenComplete((value, error) -> {
            handOver();
            if (error == null) {
                result.complete(value);
            } else {
                result.completeExceptionally(error);
            }
        });
    }

    /** A start has finished: its turn goes to the first waiting start, or back to the gate. */
    private void handOver() {
        Runnable next;
        synchronized (this) {
            next = waiting.pollFirst();
            if (next == null) {
                inFlight--;
                return;
            }
        }
        next.run();
    }
}
