package dev.parley.load;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.IntSupplier;

/**
 * Calls an action at a steady rate (which may change while running, for bursts), in ticks of a millisecond: each
 * tick runs as many calls as the rate owes it. One thread.
 */
public final class Pacer implements AutoCloseable {
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "pacer");
        thread.setDaemon(true);
        return thread;
    });
    private final long started = System.nanoTime();
    private long done;

    /**
     * @param ratePerSecond the current rate (read every tick)
     * @param action        one call; its index is the running count
     */
    public Pacer(IntSupplier ratePerSecond, java.util.function.LongConsumer action) {
        final double[] owed = {0};
        final long[] lastTick = {System.nanoTime()};
        timer.scheduleAtFixedRate(() -> {
            long now = System.nanoTime();
            owed[0] += ratePerSecond.getAsInt() * ((now - lastTick[0]) / 1e9);
            lastTick[0] = now;
            while (owed[0] >= 1) {
                owed[0] -= 1;
                action.accept(done++);
            }
        }, 1, 1, TimeUnit.MILLISECONDS);
    }

    public long elapsedMillis() {
        return (System.nanoTime() - started) / 1_000_000;
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
