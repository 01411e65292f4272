package dev.parley.gateway.session;

import dev.parley.gateway.protocol.Dispatch;
import java.util.ArrayList;
import java.util.List;

/**
 * A session's most recent dispatches, for RESUME: at most {@code maxEvents} dispatches and {@code maxBytes} bytes
 * (their frames' sizes on the wire); the oldest go first. It holds references to the dispatches, whose payloads are
 * shared with every other session that received them, so a full buffer costs a few bytes per entry; the ring
 * grows as needed, so an idle session's buffer stays small. Sequence numbers are consecutive: each {@link #add}
 * carries the one after the previous. Not thread-safe: the owning session guards it.
 */
final class ReplayBuffer {
    private static final int INITIAL_CAPACITY = 8;

    private final int maxEvents;
    private final long maxBytes;
    private Dispatch[] ring;
    private int head;
    private int size;
    private long firstSequence;
    private long bytes;

    ReplayBuffer(int maxEvents, long maxBytes) {
        this.maxEvents = Math.max(1, maxEvents);
        this.maxBytes = maxBytes;
        this.ring = new Dispatch[Math.min(INITIAL_CAPACITY, this.maxEvents)];
    }

    /** Adds dispatch {@code sequence}, the one after the last added. */
    void add(long sequence, Dispatch dispatch) {
        if (size == 0) firstSequence = sequence;
        if (size == maxEvents) removeFirst();
        else if (size == ring.length) grow();
        ring[(head + size) % ring.length] = dispatch;
        size++;
        bytes += dispatch.wireBytes();
        while (size > 0 && bytes > maxBytes) removeFirst();
        if (size == 0) firstSequence = sequence + 1;
    }

    /**
     * The dispatches after {@code sequence}, in order (the first is {@code sequence + 1}), or null when the buffer
     * no longer holds all of them.
     *
     * @param last the session's last sequence number
     */
    List<Dispatch> after(long sequence, long last) {
        if (sequence == last) return List.of();
        if (size == 0 || firstSequence > sequence + 1) return null;
        List<Dispatch> found = new ArrayList<>((int) (last - sequence));
        for (int i = (int) (sequence + 1 - firstSequence); i < size; i++) found.add(ring[(head + i) % ring.length]);
        return found;
    }

    long bytes() {
        return bytes;
    }

    private void removeFirst() {
        bytes -= ring[head].wireBytes();
        ring[head] = null;
        head = (head + 1) % ring.length;
        size--;
        firstSequence++;
    }

    private void grow() {
        Dispatch[] bigger = new Dispatch[Math.min(maxEvents, ring.length * 2)];
        for (int i = 0; i < size; i++) bigger[i] = ring[(head + i) % ring.length];
        ring = bigger;
        head = 0;
    }
}
