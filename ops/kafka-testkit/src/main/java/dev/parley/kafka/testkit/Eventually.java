package dev.parley.kafka.testkit;

import java.time.Duration;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;

/** Waits for a condition with a deadline, checking every 20 ms: no fixed sleeps in tests. */
public final class Eventually {
    private static final long PAUSE_NANOS = Duration.ofMillis(20).toNanos();

    private Eventually() {
    }

    /**
     * Returns the first non-null value {@code probe} gives within {@code timeout}.
     *
     * @throws AssertionError naming {@code what} when the deadline passes
     */
    public static <T> T await(Duration timeout, String what, Supplier<T> probe) {
        long deadline = System.nanoTime() + timeout.toNanos();
        RuntimeException last = null;
        while (true) {
            try {
                T value = probe.get();
                if (value != null && !Boolean.FALSE.equals(value)) return value;
            } catch (RuntimeException e) {
                last = e;
            }
            if (System.nanoTime() > deadline) throw new AssertionError("not within " + timeout + ": " + what, last);
            LockSupport.parkNanos(PAUSE_NANOS);
        }
    }
}
