package dev.parley.schemas;

import dev.parley.config.Setting;

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

    public static final List<Setting<?>> ALL = List.of(BOOTSTRAP_SERVERS, TOPIC_PREFIX);

    private KafkaSettings() {
    }
}
