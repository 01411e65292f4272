package dev.parley.load;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/** Prints one line a second while a run goes on, and closes each second's interval in the {@link Metrics}. */
public final class Progress implements AutoCloseable {
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "progress");
        thread.setDaemon(true);
        return thread;
    });

    public Progress(String name, Metrics metrics) {
        timer.scheduleAtFixedRate(() -> {
            Metrics.Second s = metrics.tick();
            System.out.printf("[%s] %3ds  ready %7d (+%d/s)  deliveries %8d/s  p50 %7.2f ms  p99 %7.2f ms  max %8.2f ms"
                            + "  missed %d  dup %d  failed %d  retried %d%n", name, s.second(), metrics.ready.sum(), s.ready(),
                    s.deliveries(), s.p50Ms(), s.p99Ms(), s.maxMs(), metrics.missed.sum(), metrics.duplicated.sum(),
                    metrics.connectFailures.sum(), metrics.retries.sum());
        }, 1, 1, TimeUnit.SECONDS);
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
