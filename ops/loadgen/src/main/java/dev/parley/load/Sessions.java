package dev.parley.load;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;

/** Opens many gateway sessions at a bounded rate and waits for their READYs. */
public final class Sessions {

    private Sessions() {
    }

    /**
     * Starts {@code count} clients made by {@code client}, at most {@code perSecond} a second, and returns them once
     * every READY arrived (or {@code timeoutSeconds} passed; the clients still waiting are counted as failures).
     */
    public static List<GatewayClient> open(int count, int perSecond, IntFunction<GatewayClient> client, Metrics metrics,
                                           long timeoutSeconds) {
        List<GatewayClient> clients = new ArrayList<>();
        List<CompletableFuture<String>> readies = new ArrayList<>();
        long started = System.nanoTime();
        try (Progress progress = new Progress("connecting", metrics)) {
            start(count, perSecond, client, clients, readies, started);
            await(count, readies, timeoutSeconds);
        }
        return clients;
    }

    private static void start(int count, int perSecond, IntFunction<GatewayClient> client, List<GatewayClient> clients,
                              List<CompletableFuture<String>> readies, long started) {
        for (int i = 0; i < count; i++) {
            long due = started + (long) (i * 1e9 / perSecond);
            long wait = due - System.nanoTime();
            if (wait > 0) java.util.concurrent.locks.LockSupport.parkNanos(wait);
            GatewayClient c = client.apply(i);
            clients.add(c);
            readies.add(c.start());
        }
    }

    private static void await(int count, List<CompletableFuture<String>> readies, long timeoutSeconds) {
        try {
            CompletableFuture.allOf(readies.toArray(CompletableFuture[]::new)).get(timeoutSeconds, TimeUnit.SECONDS);
        } catch (Exception e) {
            long late = readies.stream().filter(r -> !r.isDone() || r.isCompletedExceptionally()).count();
            System.out.println("  " + late + " of " + count + " sessions not READY: " + e);
        }
    }
}
