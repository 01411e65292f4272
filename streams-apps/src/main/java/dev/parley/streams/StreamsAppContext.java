package dev.parley.streams;

import dev.parley.config.Settings;
import dev.parley.schemas.KafkaClients;
import dev.parley.streams.errors.DeadLetterCounts;
import dev.parley.streams.errors.DeadLetterHandlers;
import dev.parley.streams.errors.DeadLetterProducer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.streams.StreamsConfig;

import java.nio.file.Path;
import java.util.Properties;

/**
 * Where a streams app runs: the cluster, the deployment's topic prefix, the local state directory and the
 * settings. Topologies build their {@code config} from {@link #baseConfig(String)}.
 *
 * @param bootstrapServers Kafka bootstrap servers
 * @param topicPrefix      prefix of every topic and application id
 * @param stateDir         parent of every app's RocksDB state
 * @param applicationServer this instance's {@code host:port} for interactive queries, or null when not served
 */
public record StreamsAppContext(String bootstrapServers, String topicPrefix, Path stateDir, Settings settings,
                                String applicationServer) {

    /** How this process's Kafka clients reach the cluster. */
    public KafkaClients kafka() {
        return KafkaClients.from(bootstrapServers, settings);
    }

    /** The application id of the app named {@code app} in this deployment. */
    public String applicationId(String app) {
        return topicPrefix + app;
    }

    /**
     * Settings every app shares. A record that cannot be read, processed or written is logged with topic, partition and
     * offset and sent to the dead-letter topic ({@link DeadLetterHandlers}); the app's {@link DeadLetterCounts} is in
     * the configuration under {@link DeadLetterCounts#CONFIG}.
     */
    public Properties baseConfig(String app) {
        Properties p = new Properties();
        p.put(StreamsConfig.APPLICATION_ID_CONFIG, applicationId(app));
        p.putAll(kafka().config());
        p.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toAbsolutePath().toString());
        p.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, settings.get(StreamsSettings.PROCESSING_GUARANTEE));
        p.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, settings.get(StreamsSettings.COMMIT_INTERVAL).toMillis());
        p.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, settings.get(StreamsSettings.THREADS));
        p.put(StreamsConfig.NUM_STANDBY_REPLICAS_CONFIG, settings.get(StreamsSettings.STANDBY_REPLICAS));
        p.put(StreamsConfig.ACCEPTABLE_RECOVERY_LAG_CONFIG, settings.get(StreamsSettings.ACCEPTABLE_RECOVERY_LAG));
        p.put(StreamsConfig.PROBING_REBALANCE_INTERVAL_MS_CONFIG, settings.get(StreamsSettings.PROBING_REBALANCE_INTERVAL).toMillis());
        p.put(StreamsConfig.STATESTORE_CACHE_MAX_BYTES_CONFIG, settings.get(StreamsSettings.CACHE_BYTES));
        p.put(StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG, DeadLetterHandlers.Deserialization.class);
        p.put(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_CLASS_CONFIG, DeadLetterHandlers.Processing.class);
        p.put(StreamsConfig.PRODUCTION_EXCEPTION_HANDLER_CLASS_CONFIG, DeadLetterHandlers.Production.class);
        p.put(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_GLOBAL_ENABLED_CONFIG, "true");
        p.put(DeadLetterHandlers.TOPIC_PREFIX_CONFIG, topicPrefix);
        p.put(DeadLetterCounts.CONFIG, new DeadLetterCounts());
        p.put(DeadLetterProducer.CONFIG, new DeadLetterProducer(kafka(), applicationId(app) + "-dead-letters"));
        p.put(StreamsConfig.REPLICATION_FACTOR_CONFIG, -1);
        p.put(StreamsConfig.producerPrefix("acks"), "all");
        p.put(StreamsConfig.producerPrefix("linger.ms"), 0);
        // Inputs of one task (e.g. guild commands and presences) need no ordering between them: never wait for the
        // slower one, which would add up to a fetch round to every command's latency.
        p.put(StreamsConfig.MAX_TASK_IDLE_MS_CONFIG, -1L);
        if (applicationServer != null) p.put(StreamsConfig.APPLICATION_SERVER_CONFIG, applicationServer);
        String protocol = settings.get(StreamsSettings.GROUP_PROTOCOL);
        p.put(StreamsConfig.GROUP_PROTOCOL_CONFIG, protocol);
        if ("classic".equalsIgnoreCase(protocol)) { // with the streams protocol these are the group's (StreamsGroups)
            p.put(StreamsConfig.mainConsumerPrefix(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG),
                    (int) settings.get(StreamsSettings.SESSION_TIMEOUT).toMillis());
            p.put(StreamsConfig.mainConsumerPrefix(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG),
                    (int) settings.get(StreamsSettings.HEARTBEAT_INTERVAL).toMillis());
        }
        String instance = settings.get(StreamsSettings.INSTANCE_ID);
        if (!instance.isBlank()) p.put(StreamsConfig.mainConsumerPrefix(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG), instance + "-" + app);
        return p;
    }
}
