package dev.parley.gateway.session;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * The gateway's load-regulation counters, shared by every session and connection: what was shed, how many
 * sessions were closed for a full outbound queue, and how many bytes wait for an I/O thread (the fan-out pauses
 * its partitions while that backlog is too large). Thread-safe.
 */
public final class OutboundStats {
    private final LongAdder typingDropped = new LongAdder();
    private final LongAdder presencesCoalesced = new LongAdder();
    private final LongAdder overflowCloses = new LongAdder();
    private final AtomicLong awaitingIoBytes = new AtomicLong();

    void typingDropped() {
        typingDropped.increment();
    }

    void presenceCoalesced() {
        presencesCoalesced.increment();
    }

    void overflowClosed() {
        overflowCloses.increment();
    }

    void awaitingIo(long deltaBytes) {
        if (deltaBytes != 0) awaitingIoBytes.addAndGet(deltaBytes);
    }

    /** Bytes queued for sockets that can take them but whose I/O thread has not got to them yet. */
    public long awaitingIoBytes() {
        return awaitingIoBytes.get();
    }

    /** A snapshot, for health and metrics endpoints. */
    public Map<String, Long> snapshot() {
        Map<String, Long> values = new LinkedHashMap<>();
        values.put("typing_dropped", typingDropped.sum());
        values.put("presences_coalesced", presencesCoalesced.sum());
        values.put("overflow_closes", overflowCloses.sum());
        values.put("awaiting_io_bytes", awaitingIoBytes.get());
        return values;
    }
}
