package dev.parley.gateway.fanout;

import java.util.function.LongSupplier;

/**
 * When the fan-out stops reading Kafka: once more than {@code pauseBytes} wait for the I/O threads (they are not
 * keeping up with what the fan-out hands them), until no more than half of it is left. While engaged, the fan-out's
 * partitions are paused, so the backlog stays in Kafka instead of the heap. Used on the consumer's thread.
 */
public final class FanoutBrake {
    private final LongSupplier backlogBytes;
    private final long pauseBytes;
    private boolean engaged;

    /** @param backlogBytes bytes queued for writable sockets and not yet picked up by their I/O thread */
    public FanoutBrake(LongSupplier backlogBytes, long pauseBytes) {
        this.backlogBytes = backlogBytes;
        this.pauseBytes = pauseBytes;
    }

    /** Whether reading should pause now; re-evaluated on every call. */
    boolean engaged() {
        long backlog = backlogBytes.getAsLong();
        if (engaged) {
            if (backlog <= pauseBytes / 2) engaged = false;
        } else if (backlog > pauseBytes) {
            engaged = true;
        }
        return engaged;
    }
}
