package dev.parley.streams.metrics;

import dev.parley.streams.StreamsApp;
import dev.parley.schemas.DeadLetters;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.state.QueryableStoreTypes;

import java.time.Duration;
import java.util.ArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.List;

/**
 * The metrics of one process's streams apps, in the Prometheus text format: every Kafka Streams client metric
 * (Micrometer's binder, tagged {@code app}; among them the consumers' {@code kafka_consumer_fetch_manager_records_lag}
 * per partition, i.e. each app's group lag), the approximate entries of each local store
 * ({@value #STORE_ENTRIES}, tagged {@code app} and {@code store}), the records sent to the dead-letter topic
 * ({@value #DEAD_LETTERS}, tagged {@code app} and {@code stage}), and the JVM's. Thread-safe.
 */
public final class StreamsMetrics implements AutoCloseable {
    public static final String STORE_ENTRIES = "parley.streams.store.entries";
    public static final String APP_RUNNING = "parley.streams.app.running";
    public static final String DEAD_LETTERS = "parley.streams.dead.letters";
    private static final Duration REFRESH_INTERVAL = Duration.ofSeconds(5);

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final JvmGcMetrics gc = new JvmGcMetrics();
    private final List<KafkaStreamsMetrics> bound = new ArrayList<>();
    /** Picks up the clients' new metrics (e.g. a newly assigned partition's lag) every few seconds. */
    private final ScheduledExecutorService refresher = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "streams-metrics-refresh");
        thread.setDaemon(true);
        return thread;
    });

    public StreamsMetrics(List<StreamsApp> apps) {
        new JvmMemoryMetrics().bindTo(registry);
        gc.bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ClassLoaderMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
        for (StreamsApp app : apps) {
            KafkaStreamsMetrics streams = new KafkaStreamsMetrics(app.streams(), Tags.of("app", app.name()), refresher,
                    REFRESH_INTERVAL);
            streams.bindTo(registry);
            bound.add(streams);
            for (DeadLetters.Stage stage : DeadLetters.Stage.values()) {
                FunctionCounter.builder(DEAD_LETTERS, app.deadLetters(), counts -> counts.count(stage))
                        .tags("app", app.name(), "stage", stage.label())
                        .description("Records sent to the dead-letter topic").register(registry);
            }
            Gauge.builder(APP_RUNNING, app, a -> a.state() == KafkaStreams.State.RUNNING ? 1 : 0).tag("app", app.name())
                    .description("1 while the app is RUNNING").register(registry);
            for (String store : app.keyValueStoreNames()) {
                Gauge.builder(STORE_ENTRIES, app, a -> entries(a, store)).tags("app", app.name(), "store", store)
                        .description("Approximate entries of the store's local partitions").register(registry);
            }
        }
    }

    private static double entries(StreamsApp app, String store) {
        if (app.state() != KafkaStreams.State.RUNNING) return Double.NaN;
        try {
            return app.streams().store(StoreQueryParameters.fromNameAndType(store, QueryableStoreTypes.keyValueStore()))
                    .approximateNumEntries();
        } catch (RuntimeException e) {
            return Double.NaN; // migrating, or not a key-value store
        }
    }

    /** Everything, in the Prometheus text exposition format. */
    public String scrape() {
        return registry.scrape();
    }

    @Override
    public void close() {
        bound.forEach(KafkaStreamsMetrics::close);
        refresher.shutdownNow();
        gc.close();
        registry.close();
    }
}
