package dev.parley.schemas;

import dev.parley.config.Setting;

import java.time.Duration;
import java.util.List;

/** How every component reaches Kafka and names its topics. */
public final class KafkaSettings {
    /** Bootstrap servers of the cluster; empty means "start the embedded broker" where a launcher can. */
    public static final Setting<String> BOOTSTRAP_SERVERS = Setting.ofString("kafka.bootstrap-servers", "",
            "Kafka bootstrap servers (host:port,...). Empty: the local stack starts its embedded broker.")
            .alsoFromEnv("KAFKA_BOOTSTRAP_SERVERS");

    /** Prefix of every topic name, so that several deployments (or tests) share one cluster. */
    public static final Setting<String> TOPIC_PREFIX = Setting.ofString("kafka.topic-prefix", "parley.",
            "Prefix of every topic name and application id, e.g. 'parley.' gives 'parley.guild-events'.");

    /** {@code retry.backoff.max.ms} of every client: see {@link KafkaClients}. */
    public static final Setting<Duration> RETRY_BACKOFF_MAX = Setting.ofDuration("kafka.retry-backoff-max",
            Duration.ofMillis(200), "Longest wait of a Kafka client between retries of a failed request (retry.backoff.max.ms; "
                    + "Kafka's default 1s). Short, so that clients find a dead broker's partitions on their new leaders "
                    + "within a fraction of a second of the move.");

    /** {@code reconnect.backoff.max.ms} of every client: see {@link KafkaClients}. */
    public static final Setting<Duration> RECONNECT_BACKOFF_MAX = Setting.ofDuration("kafka.reconnect-backoff-max",
            Duration.ofMillis(200), "Longest wait of a Kafka client between attempts to connect to a broker that refused "
                    + "(reconnect.backoff.max.ms; Kafka's default 1s), so a restarted broker is used again at once.");

    public static final List<Setting<?>> ALL = List.of(BOOTSTRAP_SERVERS, TOPIC_PREFIX, RETRY_BACKOFF_MAX, RECONNECT_BACKOFF_MAX);

    private KafkaSettings() {
    }
}
