package dev.parley.streams;

import dev.parley.config.Settings;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.LogAndContinueExceptionHandler;

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

    /** The application id of the app named {@code app} in this deployment. */
    public String applicationId(String app) {
        return topicPrefix + app;
    }

    /** Settings every app shares; a bad input record is logged with topic, partition and offset, then skipped. */
    public Properties baseConfig(String app) {
        Properties p = new Properties();
        p.put(StreamsConfig.APPLICATION_ID_CONFIG, applicationId(app));
        p.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toAbsolutePath().toString());
        p.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, settings.get(StreamsSettings.PROCESSING_GUARANTEE));
        p.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, settings.get(StreamsSettings.COMMIT_INTERVAL).toMillis());
        p.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, settings.get(StreamsSettings.THREADS));
        p.put(StreamsConfig.NUM_STANDBY_REPLICAS_CONFIG, settings.get(StreamsSettings.STANDBY_REPLICAS));
        p.put(StreamsConfig.STATESTORE_CACHE_MAX_BYTES_CONFIG, settings.get(StreamsSettings.CACHE_BYTES));
        p.put(StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG, LogAndContinueExceptionHandler.class);
        p.put(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_GLOBAL_ENABLED_CONFIG, "true");
        p.put(StreamsConfig.REPLICATION_FACTOR_CONFIG, -1);
        p.put(StreamsConfig.producerPrefix("acks"), "all");
        p.put(StreamsConfig.producerPrefix("linger.ms"), 0);
        // Inputs of one task (e.g. guild commands and presences) need no ordering between them: never wait for the
        // slower one, which would add up to a fetch round to every command's latency.
        p.put(StreamsConfig.MAX_TASK_IDLE_MS_CONFIG, -1L);
        if (applicationServer != null) p.put(StreamsConfig.APPLICATION_SERVER_CONFIG, applicationServer);
        return p;
    }
}
