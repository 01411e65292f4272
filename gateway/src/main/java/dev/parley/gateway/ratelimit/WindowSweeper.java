package dev.parley.gateway.ratelimit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * Makes a gateway's {@link RateWindows} tables and drops their ended windows every {@code every}, on one daemon
 * thread of its own: a sweep over a full table takes a while, and must not hold up an I/O thread's requests.
 * Thread-safe; {@link #close} stops the sweeps.
 */
public final class WindowSweeper implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(WindowSweeper.class);
    /** How often a gateway's tables drop their ended windows. */
    public static final Duration EVERY = Duration.ofSeconds(1);

    private final List<RateWindows> tables = new CopyOnWriteArrayList<>();
    private final LongSupplier clock;
    private final ScheduledExecutorService thread = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "rate-window-sweeper");
        t.setDaemon(true);
        return t;
    });

    /** @param clock the tables' clock, epoch milliseconds */
    public WindowSweeper(Duration every, LongSupplier clock) {
        this.clock = clock;
        thread.scheduleWithFixedDelay(this::sweep, every.toMillis(), every.toMillis(), TimeUnit.MILLISECONDS);
    }

    /**
     * A new table swept by this sweeper.
     *
     * @param scope   what it counts, e.g. the key of the setting of {@code maxKeys}
     * @param maxKeys the most windows it holds
     */
    public RateWindows table(String scope, int maxKeys) {
        RateWindows table = new RateWindows(scope, maxKeys, clock);
        tables.add(table);
        return table;
    }

    /** The tables' clock: the current time, epoch milliseconds. */
    public long now() {
        return clock.getAsLong();
    }

    /** Sweeps every table now (the thread does so every period). */
    public void sweep() {
        for (RateWindows table : tables) {
            try {
                table.sweep();
            } catch (RuntimeException e) {
                log.warn("sweeping a rate limit table failed", e);
            }
        }
    }

    @Override
    public void close() {
        thread.shutdownNow();
    }
}
