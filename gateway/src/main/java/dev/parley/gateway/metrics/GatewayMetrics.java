package dev.parley.gateway.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;
import java.util.function.ToDoubleFunction;

/**
 * One gateway's metrics, served in the Prometheus text format at {@code /metrics} on its admin port. Every name is
 * defined here (and matched by {@code ops/monitoring}); Prometheus sees them with {@code _total}, {@code _seconds},
 * {@code _bytes} suffixes, e.g. {@code parley_gateway_closes_total{code="4009",cause="heartbeat_timeout"}}. Every meter carries the
 * {@code gateway} tag. Thread-safe; the hot-path methods (per dispatch, per written frame) cost a map lookup and
 * an adder.
 */
public final class GatewayMetrics implements AutoCloseable {
    public static final String SESSIONS = "parley.gateway.sessions";
    public static final String CONNECTIONS = "parley.gateway.connections";
    public static final String IDENTIFIES = "parley.gateway.identifies";
    public static final String RESUMES = "parley.gateway.resumes";
    public static final String CLOSES = "parley.gateway.closes";
    public static final String EVENTS_IN = "parley.gateway.events.in";
    public static final String REPLAYS_DROPPED = "parley.gateway.events.replays.dropped";
    public static final String CHECKPOINTS = "parley.gateway.session.checkpoints";
    public static final String CHECKPOINT_BYTES = "parley.gateway.session.checkpoint.bytes";
    public static final String JOURNAL_ENTRIES = "parley.gateway.fanout.journal.entries";
    public static final String JOURNAL_BYTES = "parley.gateway.fanout.journal.bytes";
    public static final String JOURNAL_PENDING = "parley.gateway.fanout.journal.pending";
    public static final String DISPATCHES = "parley.gateway.dispatches";
    public static final String DELIVERIES = "parley.gateway.deliveries";
    public static final String SHED = "parley.gateway.shed";
    public static final String OVERFLOW_CLOSES = "parley.gateway.overflow.closes";
    public static final String OUTBOUND_QUEUE = "parley.gateway.outbound.queue";
    public static final String AWAITING_IO = "parley.gateway.outbound.awaiting.io";
    public static final String DISPATCH_DELAY = "parley.gateway.dispatch.delay";
    public static final String FANOUT_LAG = "parley.gateway.fanout.lag";
    public static final String FANOUT_PAUSED = "parley.gateway.fanout.paused";
    public static final String RATE_LIMITED = "parley.gateway.rate.limited";
    public static final String REFUSED = "parley.gateway.refused";

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final JvmGcMetrics gc = new JvmGcMetrics();
    private final LongAdder typingDropped = new LongAdder();
    private final LongAdder presencesCoalesced = new LongAdder();
    private final LongAdder overflowCloses = new LongAdder();
    private final AtomicLong awaitingIoBytes = new AtomicLong();
    private final Counter identifies;
    private final Counter checkpoints;
    private final Counter tombstones;
    private final Counter checkpointBytes;
    private final Counter journalEntries;
    private final Counter journalFailures;
    private final Counter journalBytes;
    private final AtomicLong journalPending = new AtomicLong();
    private final LongAdder deliveries = new LongAdder();
    private final Timer dispatchDelay;
    private final DistributionSummary queueBytes;
    private final MultiGauge fanoutLag;
    private final Map<String, Counter> resumes = new ConcurrentHashMap<>();
    private final Map<String, Counter> closes = new ConcurrentHashMap<>();
    private final Map<String, Counter> eventsIn = new ConcurrentHashMap<>();
    private final Map<String, Counter> replaysDropped = new ConcurrentHashMap<>();
    private final Map<String, Counter> dispatches = new ConcurrentHashMap<>();
    private final Map<String, Counter> rateLimited = new ConcurrentHashMap<>();
    private final Map<String, Counter> refused = new ConcurrentHashMap<>();

    public GatewayMetrics(String gatewayId) {
        registry.config().commonTags("gateway", gatewayId);
        new JvmMemoryMetrics().bindTo(registry);
        gc.bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ClassLoaderMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
        identifies = Counter.builder(IDENTIFIES).description("IDENTIFYs answered with READY").register(registry);
        checkpoints = Counter.builder(CHECKPOINTS).tag("kind", "checkpoint")
                .description("Records written to session-checkpoints, by kind").register(registry);
        tombstones = Counter.builder(CHECKPOINTS).tag("kind", "tombstone")
                .description("Records written to session-checkpoints, by kind").register(registry);
        checkpointBytes = Counter.builder(CHECKPOINT_BYTES)
                .description("Bytes (keys and values, serialized) written to session-checkpoints").register(registry);
        journalEntries = Counter.builder(JOURNAL_ENTRIES).tag("outcome", "written")
                .description("Entries sent to fanout-journal (one per poll that returned records), by outcome")
                .register(registry);
        journalFailures = Counter.builder(JOURNAL_ENTRIES).tag("outcome", "failed")
                .description("Entries sent to fanout-journal (one per poll that returned records), by outcome")
                .register(registry);
        journalBytes = Counter.builder(JOURNAL_BYTES)
                .description("Bytes (keys and values, serialized) written to fanout-journal").register(registry);
        Gauge.builder(JOURNAL_PENDING, journalPending, AtomicLong::get)
                .description("Entries sent to fanout-journal and not acknowledged yet (what a crash now would lose)")
                .register(registry);
        FunctionCounter.builder(DELIVERIES, deliveries, LongAdder::sum).description("Frames written to sockets")
                .register(registry);
        FunctionCounter.builder(SHED, typingDropped, LongAdder::sum).tag("kind", "typing_dropped")
                .description("Dispatches shed by congested sessions").register(registry);
        FunctionCounter.builder(SHED, presencesCoalesced, LongAdder::sum).tag("kind", "presence_coalesced")
                .description("Dispatches shed by congested sessions").register(registry);
        FunctionCounter.builder(OVERFLOW_CLOSES, overflowCloses, LongAdder::sum)
                .description("Connections closed (4000) for a full outbound queue").register(registry);
        Gauge.builder(AWAITING_IO, awaitingIoBytes, AtomicLong::get).baseUnit("bytes")
                .description("Bytes queued for writable sockets, not yet picked up by their I/O thread").register(registry);
        dispatchDelay = Timer.builder(DISPATCH_DELAY).publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofMillis(1)).maximumExpectedValue(Duration.ofSeconds(30))
                .description("From the event's Kafka timestamp to its frame written to the socket (first frame of each batch)")
                .register(registry);
        queueBytes = DistributionSummary.builder(OUTBOUND_QUEUE).baseUnit("bytes").publishPercentileHistogram()
                .minimumExpectedValue(256.0).maximumExpectedValue(16.0 * 1024 * 1024)
                .description("A connection's queued bytes, sampled at each batch it writes").register(registry);
        fanoutLag = MultiGauge.builder(FANOUT_LAG).description("Records behind the end of each assigned partition")
                .register(registry);
    }

    /** Registers the gauges read from the gateway's state. */
    public void watch(Supplier<Number> sessions, Supplier<Number> connections, Supplier<Boolean> fanoutPaused) {
        Gauge.builder(SESSIONS, sessions, s -> s.get().doubleValue()).description("Live sessions, attached or resumable")
                .strongReference(true).register(registry);
        Gauge.builder(CONNECTIONS, connections, c -> c.get().doubleValue()).description("Open WebSocket connections")
                .strongReference(true).register(registry);
        Gauge.builder(FANOUT_PAUSED, fanoutPaused, (ToDoubleFunction<Supplier<Boolean>>) p -> p.get() ? 1 : 0)
                .description("1 while the fan-out's partitions are paused (I/O threads behind)").strongReference(true)
                .register(registry);
    }

    public void identified() {
        identifies.increment();
    }

    /** A RESUME and how it went ({@code resumed}, {@code invalid_seq}, {@code not_covered}, {@code ended}, {@code unknown}). */
    public void resumed(String outcome) {
        resumes.computeIfAbsent(outcome, o -> Counter.builder(RESUMES).tag("outcome", o)
                .description("RESUMEs by outcome").register(registry)).increment();
    }

    /** A connection closed by the gateway with {@code code}, for {@code cause} (each cause has one code). */
    public void closed(int code, String cause) {
        closes.computeIfAbsent(cause, c -> Counter.builder(CLOSES).tag("code", Integer.toString(code)).tag("cause", c)
                .description("Connections closed by the gateway, by close code and cause").register(registry)).increment();
    }

    /** A record of {@code topic} consumed by the fan-out, of dispatch {@code type}. */
    public void eventIn(String topic, String type) {
        eventsIn.computeIfAbsent(topic + '|' + type, k -> Counter.builder(EVENTS_IN).tag("topic", topic).tag("type", type)
                .description("Events consumed by the fan-out, by topic and type").register(registry)).increment();
    }

    /** A record of {@code bytes} (key and value) was written to {@code session-checkpoints}. */
    public void checkpointWritten(boolean tombstone, int bytes) {
        (tombstone ? tombstones : checkpoints).increment();
        checkpointBytes.increment(bytes);
    }

    /** An entry was sent to {@code fanout-journal}; {@link #journalWritten} or {@link #journalFailed} follows. */
    public void journalSent() {
        journalPending.incrementAndGet();
    }

    /** An entry of {@code bytes} (key and value) was written to {@code fanout-journal}. */
    public void journalWritten(int bytes) {
        journalPending.decrementAndGet();
        journalEntries.increment();
        journalBytes.increment(bytes);
    }

    /** An entry could not be written to {@code fanout-journal} (a rebuild finds the journal ending before it). */
    public void journalFailed() {
        journalPending.decrementAndGet();
        journalFailures.increment();
    }

    /** A guild event of dispatch {@code type} not delivered, as it was delivered already (a replay). */
    public void replayDropped(String type) {
        replaysDropped.computeIfAbsent(type, t -> Counter.builder(REPLAYS_DROPPED).tag("type", t)
                .description("Guild events the fan-out did not deliver again (replayed after the guild app's tasks moved, "
                        + "or a post retried with its nonce), by type").register(registry)).increment();
    }

    /** A dispatch given a sequence number for one session. */
    public void dispatched(String type) {
        dispatches.computeIfAbsent(type, t -> Counter.builder(DISPATCHES).tag("type", t)
                .description("Dispatches queued to sessions, by type").register(registry)).increment();
    }

    /**
     * A frame written to a socket; {@code eventTimeMillis} is its event's Kafka timestamp, given for one frame per
     * written batch (0: not sampled, or none).
     */
    public void delivered(long eventTimeMillis) {
        deliveries.increment();
        if (eventTimeMillis > 0) {
            dispatchDelay.record(Math.max(0, System.currentTimeMillis() - eventTimeMillis), java.util.concurrent.TimeUnit.MILLISECONDS);
        }
    }

    /** A connection's queued bytes when it writes a batch. */
    public void queueSampled(long bytes) {
        queueBytes.record(bytes);
    }

    public void typingDropped() {
        typingDropped.increment();
    }

    public void presenceCoalesced() {
        presencesCoalesced.increment();
    }

    public void overflowClosed() {
        overflowCloses.increment();
    }

    public void awaitingIo(long deltaBytes) {
        if (deltaBytes != 0) awaitingIoBytes.addAndGet(deltaBytes);
    }

    /** Bytes queued for sockets that can take them but whose I/O thread has not got to them yet. */
    public long awaitingIoBytes() {
        return awaitingIoBytes.get();
    }

    /** Replaces the per-partition lag of the fan-out's assignment: topic → partition → records behind. */
    public void fanoutLag(Map<String, Map<Integer, Long>> lag) {
        List<MultiGauge.Row<?>> rows = new java.util.ArrayList<>();
        lag.forEach((topic, partitions) -> partitions.forEach((partition, behind) ->
                rows.add(MultiGauge.Row.of(Tags.of("topic", topic, "partition", Integer.toString(partition)), behind))));
        fanoutLag.register(rows, true);
    }

    /**
     * A REST request answered 429: {@code scope} is what refused it ({@code user}, {@code global}, {@code address},
     * {@code address_global}, {@code invalid_auth}), {@code bucket} its route (e.g. {@code POST /channels/{channel_id}/messages}).
     */
    public void rateLimited(String scope, String bucket) {
        rateLimited.computeIfAbsent(scope + '|' + bucket, k -> Counter.builder(RATE_LIMITED).tag("scope", scope)
                .tag("bucket", bucket).description("REST requests answered 429, by scope and route bucket")
                .register(registry)).increment();
    }

    /**
     * A gateway limit refused a client: {@code limit} names it ({@code session_starts}, {@code identify_concurrency},
     * {@code sessions_per_user}, {@code identify_timeout}, {@code connections_per_address}, {@code member_requests},
     * {@code body_timeout}).
     */
    public void refused(String limit) {
        refused.computeIfAbsent(limit, l -> Counter.builder(REFUSED).tag("limit", l)
                .description("Connections, IDENTIFYs, requests and op 8s refused by a gateway limit, by limit")
                .register(registry)).increment();
    }

    /** The load-regulation counters, for {@code /healthz}. */
    public Map<String, Long> regulation() {
        Map<String, Long> values = new LinkedHashMap<>();
        values.put("typing_dropped", typingDropped.sum());
        values.put("presences_coalesced", presencesCoalesced.sum());
        values.put("overflow_closes", overflowCloses.sum());
        values.put("awaiting_io_bytes", awaitingIoBytes.get());
        return values;
    }

    /** Everything, in the Prometheus text exposition format. */
    public String scrape() {
        return registry.scrape();
    }

    @Override
    public void close() {
        gc.close();
        registry.close();
    }
}
