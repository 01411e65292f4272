package dev.parley.gateway.session;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * A session's most recent dispatch frames, for RESUME: at most {@code maxEvents} frames and {@code maxBytes}
 * bytes; the oldest go first. Not thread-safe: the owning session guards it.
 */
final class ReplayBuffer {
    private final int maxEvents;
    private final long maxBytes;
    private final ArrayDeque<Entry> entries = new ArrayDeque<>();
    private long bytes;

    private record Entry(long sequence, byte[] frame) {
    }

    ReplayBuffer(int maxEvents, long maxBytes) {
        this.maxEvents = maxEvents;
        this.maxBytes = maxBytes;
    }

    void add(long sequence, byte[] frame) {
        entries.addLast(new Entry(sequence, frame));
        bytes += frame.length;
        while (!entries.isEmpty() && (entries.size() > maxEvents || bytes > maxBytes)) {
            bytes -= entries.removeFirst().frame.length;
        }
    }

    /**
     * The frames after {@code sequence}, in order, or null when the buffer no longer holds all of them.
     *
     * @param last the session's last sequence number
     */
    List<byte[]> after(long sequence, long last) {
        if (sequence == last) return List.of();
        if (entries.isEmpty() || entries.peekFirst().sequence > sequence + 1) return null;
        List<byte[]> frames = new ArrayList<>();
        for (Entry entry : entries) {
            if (entry.sequence > sequence) frames.add(entry.frame);
        }
        return frames;
    }

    long bytes() {
        return bytes;
    }
}
