package dev.parley.gateway.session;

import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * The client command rate limit of one connection ({@code gateway.rate-limit.commands} per
 * {@code gateway.rate-limit.window}): a fixed window that opens with the first command after the last window ended.
 * Pure; called on the connection's I/O thread only.
 */
final class CommandWindow {
    private final int commands;
    private final long windowNanos;
    private final LongSupplier clock;
    private long startNanos;
    private int count;

    /** @param clock a nanosecond clock ({@link System#nanoTime} but in tests); the first window opens now */
    CommandWindow(int commands, Duration window, LongSupplier clock) {
        this.commands = commands;
        this.windowNanos = window.toNanos();
        this.clock = clock;
        this.startNanos = clock.getAsLong();
    }

    /** Counts one command; false when it is over the limit of its window (the connection closes with 4008). */
    boolean admit() {
        long now = clock.getAsLong();
        if (now - startNanos >= windowNanos) {
            startNanos = now;
            count = 0;
        }
        return ++count <= commands;
    }
}
