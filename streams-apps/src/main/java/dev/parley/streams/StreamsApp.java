package dev.parley.streams;

import dev.parley.streams.errors.DeadLetterCounts;
import dev.parley.streams.errors.DeadLetterProducer;
import org.apache.kafka.streams.CloseOptions;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.TopologyDescription;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.Properties;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * One running Kafka Streams application. A stream thread that dies of an unexpected exception is replaced,
 * so one bad moment never takes the app down for good; the state is in Kafka and RocksDB.
 *
 * <p>Thread-safe: {@link #state()} may be read from any thread (health checks).
 */
public final class StreamsApp implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(StreamsApp.class);
    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(10);

    private final String name;
    private final String applicationId;
    private final KafkaStreams streams;
    private final Set<String> storeNames;
    private final DeadLetterCounts deadLetters;
    private final Set<String> windowStores;
    private final DeadLetterProducer deadLetterProducer;

    /** @param config the app's configuration, from {@link StreamsAppContext#baseConfig} (it holds the dead-letter counts) */
    public StreamsApp(String name, Topology topology, Properties config) {
        this(name, topology, config, Set.of());
    }

    /** @param windowStores the names of the topology's window stores (the others are key-value stores) */
    public StreamsApp(String name, Topology topology, Properties config, Set<String> windowStores) {
        this.name = name;
        this.applicationId = config.getProperty(org.apache.kafka.streams.StreamsConfig.APPLICATION_ID_CONFIG);
        this.windowStores = Set.copyOf(windowStores);
        this.deadLetters = config.get(DeadLetterCounts.CONFIG) instanceof DeadLetterCounts counts ? counts : new DeadLetterCounts();
        this.deadLetterProducer = config.get(DeadLetterProducer.CONFIG) instanceof DeadLetterProducer producer ? producer : null;
        this.storeNames = topology.describe().subtopologies().stream()
                .flatMap(s -> s.nodes().stream())
                .filter(TopologyDescription.Processor.class::isInstance)
                .flatMap(n -> ((TopologyDescription.Processor) n).stores().stream())
                .collect(Collectors.toUnmodifiableSet());
        this.streams = new KafkaStreams(topology, config);
        streams.setStateListener((now, before) -> log.info("{}: {} -> {}", name, before, now));
        streams.setUncaughtExceptionHandler(e -> {
            log.error("{}: stream thread failed; replacing it", name, e);
            return StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.REPLACE_THREAD;
        });
    }

    public String name() {
        return name;
    }

    /** Its {@code application.id}, which is also its consumer group's id. */
    public String applicationId() {
        return applicationId;
    }

    /** The names of the key-value stores of this app's topology (those whose entries can be counted). */
    public Set<String> keyValueStoreNames() {
        return storeNames.stream().filter(s -> !windowStores.contains(s)).collect(Collectors.toUnmodifiableSet());
    }

    /** How many records this app sent to the dead-letter topic, by stage. */
    public DeadLetterCounts deadLetters() {
        return deadLetters;
    }

    /** The names of the state stores of this app's topology. */
    public Set<String> storeNames() {
        return storeNames;
    }

    public void start() {
        streams.start();
    }

    public KafkaStreams.State state() {
        return streams.state();
    }

    /** The Kafka Streams instance, for interactive queries. */
    public KafkaStreams streams() {
        return streams;
    }

    /**
     * Stops processing, flushes and closes the stores, and leaves the consumer group so that the remaining (or a
     * restarted) instance takes the tasks at once rather than after the session timeout; waits up to 10 s.
     */
    @Override
    public void close() {
        CloseOptions options = CloseOptions.timeout(CLOSE_TIMEOUT)
                .withGroupMembershipOperation(CloseOptions.GroupMembershipOperation.LEAVE_GROUP);
        if (!streams.close(options)) log.warn("{}: did not stop within {}", name, CLOSE_TIMEOUT);
        if (deadLetterProducer != null) deadLetterProducer.close();
    }
}
