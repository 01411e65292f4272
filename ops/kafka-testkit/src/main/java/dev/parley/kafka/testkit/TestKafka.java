package dev.parley.kafka.testkit;

import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;

import java.util.HashMap;
import java.util.Map;

/**
 * What one test gets from {@link KafkaBrokerExtension}: the shared broker's address and a namespace no other test
 * uses, from which it derives its topic names and Kafka Streams application ids.
 *
 * @param bootstrapServers the broker (embedded, testcontainers, or {@code KAFKA_BOOTSTRAP_SERVERS})
 * @param namespace        unique in this test run, e.g. {@code t7-4f2a}; safe in topic names and application ids
 */
public record TestKafka(String bootstrapServers, String namespace) {

    /** Prefix for the test's topics, e.g. {@code t7-4f2a.}. */
    public String topicPrefix() {
        return namespace + ".";
    }

    /** A Kafka Streams application id unique to this test. */
    public String applicationId(String app) {
        return namespace + "-" + app;
    }

    public Admin admin() {
        return Admin.create(Map.of(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers));
    }

    /** Producer settings: acks=all, idempotent, nothing lingering. */
    public Map<String, Object> producerConfig() {
        Map<String, Object> config = new HashMap<>();
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        config.put(ProducerConfig.LINGER_MS_CONFIG, 0);
        return config;
    }

    /** Consumer settings for {@code assign()} use: no group, reads committed data only. */
    public Map<String, Object> consumerConfig() {
        Map<String, Object> config = new HashMap<>();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        return config;
    }
}
