package dev.parley.load;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntSupplier;
import java.util.function.LongConsumer;

/**
 * Measures one set-up at several send rates in turn: each phase sends at its rate for a while, waits for the
 * last deliveries, and writes its own results ({@code <name>-<rate>ps.json}). Deliveries per second are those of
 * the phase from its start to its last delivery: above what the system sustains, they fall below rate × receivers, and the
 * latency grows with the backlog.
 */
final class Phases {

    private Phases() {
    }

    /**
     * @param send           sends message number n (stamping a {@link LatencyMark})
     * @param receiversPerSend how many deliveries each send should cause
     * @param rate           the phase's rate at second s of the phase (for bursts), given the phase's base rate
     * @param afterPhase     more figures taken at the end of each phase (e.g. the gateway's heap), added to its results
     */
    static void run(String name, List<Integer> rates, int seconds, Metrics metrics, Path out, Map<String, Object> parameters,
                    Map<String, Object> setUp, long receiversPerSend, RateShape rate, LongConsumer send,
                    java.util.function.Supplier<Map<String, Object>> afterPhase) {
        for (int base : rates) {
            metrics.restart();
            long started = System.nanoTime();
            try (Progress progress = new Progress(name + "@" + base + "/s", metrics);
                 Pacer pacer = new Pacer(shape(rate, base, started), n -> {
                     metrics.sent.increment();
                     send.accept(n);
                 })) {
                java.util.concurrent.locks.LockSupport.parkNanos(seconds * 1_000_000_000L);
            }
            long sent = metrics.sent.sum();
            long lastDelivery = drain(metrics, sent * receiversPerSend);
            double elapsed = (lastDelivery - started) / 1e9;
            Map<String, Object> extra = new LinkedHashMap<>(setUp);
            extra.put("deliveries_per_second", Math.round(metrics.deliveries.sum() / elapsed));
            extra.put("expected_deliveries", sent * receiversPerSend);
            extra.putAll(afterPhase.get());
            Map<String, Object> phase = new LinkedHashMap<>(parameters);
            phase.put("rate", base);
            IdleScenario.print(Report.write(out, name + "-" + base + "ps", phase, metrics, extra));
        }
    }

    /**
     * Waits until the deliveries a phase caused have all arrived, or none has arrived for three seconds, so that
     * one phase's backlog is not counted in the next. Returns when the last delivery came (roughly).
     */
    static long drain(Metrics metrics, long expected) {
        long last = metrics.deliveries.sum();
        long quietSince = System.nanoTime();
        while (metrics.deliveries.sum() < expected && System.nanoTime() - quietSince < 3_000_000_000L) {
            java.util.concurrent.locks.LockSupport.parkNanos(100_000_000L);
            long now = metrics.deliveries.sum();
            if (now != last) {
                last = now;
                quietSince = System.nanoTime();
            }
        }
        metrics.tick();
        return quietSince;
    }

    /** The rate at a moment of a phase. */
    interface RateShape {
        int at(int base, long secondOfPhase);
    }

    static RateShape steady() {
        return (base, second) -> base;
    }

    private static IntSupplier shape(RateShape rate, int base, long started) {
        return () -> rate.at(base, (System.nanoTime() - started) / 1_000_000_000L);
    }
}
