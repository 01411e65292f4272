package dev.parley.gateway.state;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Asks the state query API, every {@code interval}, which instances the streams apps have
 * ({@link StateClient#instances}), and hands the answer to {@link StateEndpoints}: a new or moved streams process is
 * asked within one interval. A failed ask keeps the list as it was. One daemon thread; {@link #close} stops it.
 */
public final class StateDiscovery implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(StateDiscovery.class);

    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "state-discovery");
        thread.setDaemon(true);
        return thread;
    });

    public StateDiscovery(StateClient state, StateEndpoints endpoints, Duration interval) {
        timer.scheduleWithFixedDelay(() -> state.instances().whenComplete((found, error) -> {
            if (error != null) log.debug("state query instances not found this time: {}", error.getMessage());
            else if (!found.isEmpty()) endpoints.discovered(found);
        }), 0, interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
