package dev.parley.gateway.state;

import dev.parley.schemas.KafkaClients;
import dev.parley.schemas.Topic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.serialization.ByteArraySerializer;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * The gateway's one Kafka producer, for every topic it writes: {@code acks=all}, idempotent, so a record it
 * acknowledges is on every in-sync replica and written once. Serializes with each topic's own serdes.
 *
 * <p>{@link #send} never blocks its caller (often an I/O thread): records are handed to the producer from one
 * sending thread, in call order, through a queue of at most {@value #QUEUE_LIMIT} records; beyond that, and
 * when Kafka does not take a record within {@value #MAX_BLOCK_MS} ms, the returned future fails. Thread-safe.
 */
public final class TopicProducer implements AutoCloseable {
    static final int QUEUE_LIMIT = 100_000;
    static final int MAX_BLOCK_MS = 10_000;

    private final KafkaProducer<byte[], byte[]> producer;
    private final String prefix;
    private final java.util.concurrent.ThreadPoolExecutor sender;

    public TopicProducer(KafkaClients kafka, String prefix, String clientId) {
        Map<String, Object> config = kafka.config();
        config.put(ProducerConfig.CLIENT_ID_CONFIG, clientId);
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        config.put(ProducerConfig.LINGER_MS_CONFIG, 1);
        config.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 30_000);
        config.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000);
        config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, MAX_BLOCK_MS);
        this.producer = new KafkaProducer<>(config, new ByteArraySerializer(), new ByteArraySerializer());
        this.prefix = prefix;
        this.sender = new java.util.concurrent.ThreadPoolExecutor(1, 1, 0, java.util.concurrent.TimeUnit.SECONDS,
                new java.util.concurrent.LinkedBlockingQueue<>(QUEUE_LIMIT), r -> {
                    Thread thread = new Thread(r, clientId + "-producer");
                    thread.setDaemon(true);
                    return thread;
                });
    }

    /** Sends {@code value} under {@code key} to {@code topic} (its base definition; the prefix is added here). */
    public <K, V> CompletableFuture<RecordMetadata> send(Topic<K, V> topic, K key, V value) {
        return send(topic, key, value, null);
    }

    /** As {@link #send(Topic, Object, Object)}, with record headers ({@code null}: none). */
    public <K, V> CompletableFuture<RecordMetadata> send(Topic<K, V> topic, K key, V value, Headers headers) {
        return sendTo(topic, null, key, value, headers);
    }

    /** As {@link #send(Topic, Object, Object)}, to the given partition rather than the key's. */
    public <K, V> CompletableFuture<RecordMetadata> send(Topic<K, V> topic, int partition, K key, V value) {
        return sendTo(topic, partition, key, value, null);
    }

    /**
     * The broker leading each partition of {@code topic} as this producer last heard (-1: none known), from its
     * metadata; may wait up to {@link #MAX_BLOCK_MS} when the topic is not known yet.
     */
    public int[] leaders(Topic<?, ?> topic) {
        List<PartitionInfo> partitions = producer.partitionsFor(prefix + topic.name());
        int[] leaders = new int[partitions.stream().mapToInt(PartitionInfo::partition).max().orElse(-1) + 1];
        Arrays.fill(leaders, -1);
        for (PartitionInfo p : partitions) {
            if (p.leader() != null && !p.leader().isEmpty()) leaders[p.partition()] = p.leader().id();
        }
        return leaders;
    }

    /** Sends to {@code partition}, or to the key's when null. */
    private <K, V> CompletableFuture<RecordMetadata> sendTo(Topic<K, V> topic, Integer partition, K key, V value, Headers headers) {
        String name = prefix + topic.name();
        byte[] keyBytes = topic.keySerde().serializer().serialize(name, key);
        byte[] valueBytes = topic.valueSerde().serializer().serialize(name, value);
        CompletableFuture<RecordMetadata> result = new CompletableFuture<>();
        ProducerRecord<byte[], byte[]> record = new ProducerRecord<>(name, partition, keyBytes, valueBytes, headers);
        try {
            sender.execute(() -> {
                try {
                    producer.send(record, (metadata, error) -> {
                        if (error != null) result.completeExceptionally(error);
                        else result.complete(metadata);
                    });
                } catch (RuntimeException e) {
                    result.completeExceptionally(e);
                }
            });
        } catch (java.util.concurrent.RejectedExecutionException e) {
            result.completeExceptionally(new IllegalStateException("more than " + QUEUE_LIMIT
                    + " records wait for Kafka, or the producer is closed", e));
        }
        return result;
    }

    /** Sends what is queued (waiting up to 5 s), then closes the producer. */
    @Override
    public void close() {
        sender.shutdown();
        try {
            sender.awaitTermination(5, java.util.concurrent.TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        producer.close(Duration.ofSeconds(5));
    }
}
