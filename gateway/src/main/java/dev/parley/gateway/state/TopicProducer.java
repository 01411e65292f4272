package dev.parley.gateway.state;

import dev.parley.schemas.Topic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * The gateway's one Kafka producer, for every topic it writes: {@code acks=all}, idempotent, so a record it
 * acknowledges is on every in-sync replica and written once. Serializes with each topic's own serdes.
 * Thread-safe.
 */
public final class TopicProducer implements AutoCloseable {
    private final KafkaProducer<byte[], byte[]> producer;
    private final String prefix;

    public TopicProducer(String bootstrapServers, String prefix, String clientId) {
        Map<String, Object> config = new HashMap<>();
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        config.put(ProducerConfig.CLIENT_ID_CONFIG, clientId);
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        config.put(ProducerConfig.LINGER_MS_CONFIG, 1);
        config.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 30_000);
        config.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000);
        this.producer = new KafkaProducer<>(config, new ByteArraySerializer(), new ByteArraySerializer());
        this.prefix = prefix;
    }

    /** Sends {@code value} under {@code key} to {@code topic} (its base definition; the prefix is added here). */
    public <K, V> CompletableFuture<RecordMetadata> send(Topic<K, V> topic, K key, V value) {
        String name = prefix + topic.name();
        byte[] keyBytes = topic.keySerde().serializer().serialize(name, key);
        byte[] valueBytes = topic.valueSerde().serializer().serialize(name, value);
        CompletableFuture<RecordMetadata> result = new CompletableFuture<>();
        producer.send(new ProducerRecord<>(name, keyBytes, valueBytes), (metadata, error) -> {
            if (error != null) result.completeExceptionally(error);
            else result.complete(metadata);
        });
        return result;
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(5));
    }
}
