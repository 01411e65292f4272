package dev.parley.load;

import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * What a load run counts: deliveries, latency (microseconds, HdrHistogram with 3 significant digits), sequence
 * gaps and repeats, connections and closes. Recording is thread-safe and allocation-free on the hot path;
 * {@link #tick} (one thread, once a second) turns the last interval into a {@link Second}.
 */
public final class Metrics {
    private static final long MAX_LATENCY_MICROS = 3_600_000_000L;

    final LongAdder deliveries = new LongAdder();
    final LongAdder sent = new LongAdder();
    final LongAdder missed = new LongAdder();
    final LongAdder duplicated = new LongAdder();
    final LongAdder connected = new LongAdder();
    final LongAdder ready = new LongAdder();
    final LongAdder connectFailures = new LongAdder();
    /** Clients that connected again after failing to reach READY. */
    final LongAdder retries = new LongAdder();
    final Map<Integer, LongAdder> closes = new ConcurrentHashMap<>();
    private final Recorder latency = new Recorder(MAX_LATENCY_MICROS, 3);
    private final Histogram total = new Histogram(MAX_LATENCY_MICROS, 3);
    private final List<Second> timeline = new ArrayList<>();
    private Histogram interval;
    private long lastDeliveries;
    private long lastReady;
    private long started = System.nanoTime();

    /** One second of a run. */
    public record Second(long second, long deliveries, long ready, double p50Ms, double p99Ms, double maxMs) {
    }

    /** Records one delivery {@code micros} after its send. */
    public void delivered(long micros) {
        deliveries.increment();
        latency.recordValue(Math.max(0, Math.min(micros, MAX_LATENCY_MICROS)));
    }

    /** Records a delivery whose send time is unknown. */
    public void deliveredUntimed() {
        deliveries.increment();
    }

    public void closed(int code) {
        closes.computeIfAbsent(code, c -> new LongAdder()).increment();
    }

    /**
     * Starts a measurement now (after set-up): the timeline, the latency histograms and the counts of what was sent
     * and delivered (deliveries, sent, missed, duplicated) start from zero; connection counts carry on.
     */
    public synchronized void restart() {
        started = System.nanoTime();
        latency.reset();
        total.reset();
        timeline.clear();
        deliveries.reset();
        sent.reset();
        missed.reset();
        duplicated.reset();
        lastDeliveries = 0;
        lastReady = ready.sum();
    }

    /** Closes the current interval. */
    public synchronized Second tick() {
        interval = latency.getIntervalHistogram(interval);
        total.add(interval);
        long d = deliveries.sum();
        long r = ready.sum();
        Second second = new Second((System.nanoTime() - started) / 1_000_000_000L, d - lastDeliveries, r - lastReady,
                interval.getValueAtPercentile(50) / 1000.0, interval.getValueAtPercentile(99) / 1000.0,
                interval.getMaxValue() / 1000.0);
        lastDeliveries = d;
        lastReady = r;
        timeline.add(second);
        return second;
    }

    public synchronized Histogram total() {
        return total.copy();
    }

    public synchronized List<Second> timeline() {
        return List.copyOf(timeline);
    }

    public Map<Integer, Long> closeCounts() {
        Map<Integer, Long> counts = new TreeMap<>();
        closes.forEach((code, n) -> counts.put(code, n.sum()));
        return counts;
    }
}
