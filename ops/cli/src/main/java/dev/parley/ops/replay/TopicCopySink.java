package dev.parley.ops.replay;

import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import dev.parley.schemas.CommandHeaders;
import dev.parley.schemas.DeadLetters;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.serialization.ByteArraySerializer;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Publishes each replayed record to another topic: the same key bytes, value bytes and headers; the partition
 * is the default partitioner's choice for the key and the timestamp is the time of sending. Idempotent producer,
 * {@code acks=all}.
 */
final class TopicCopySink implements ReplaySink {
    private final KafkaProducer<byte[], byte[]> producer;
    private final String topic;
    private final AtomicReference<Exception> failure = new AtomicReference<>();

    private TopicCopySink(KafkaProducer<byte[], byte[]> producer, String topic) {
        this.producer = producer;
        this.topic = topic;
    }

    /**
     * A sink publishing to {@code topic}, which must exist.
     *
     * @param clientConfig bootstrap servers and the like; producer settings are added here
     * @throws IllegalArgumentException when {@code topic} is not found within {@code timeout}
     */
    static TopicCopySink open(Map<String, Object> clientConfig, String topic, Duration timeout) {
        Map<String, Object> config = new HashMap<>(clientConfig);
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, timeout.toMillis());
        config.remove(CommonClientConfigs.DEFAULT_API_TIMEOUT_MS_CONFIG); // a consumer and admin setting
        KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(config, new ByteArraySerializer(), new ByteArraySerializer());
        try {
            if (producer.partitionsFor(topic).isEmpty()) throw new KafkaException("no partitions");
        } catch (KafkaException e) {
            producer.close(Duration.ZERO);
            throw new IllegalArgumentException("--to-topic " + topic + " was not found within " + timeout.toSeconds()
                    + " s (create it first; is Kafka running?)", e);
        }
        return new TopicCopySink(producer, topic);
    }

    @Override
    public void write(ReplayedEvent event) {
        ConsumerRecord<byte[], byte[]> record = event.record();
        producer.send(new ProducerRecord<>(topic, null, record.key(), record.value(), copied(record.headers())), (metadata, e) -> {
            if (e != null) failure.compareAndSet(null, e);
        });
    }

    /**
     * The headers to publish: the record's, except a command's deadline ({@value CommandHeaders#EXPIRES_AT}: a copy
     * is a new request, not the expired one) and a dead letter's {@code parley.error.*} (the copy is not a dead letter),
     * so that dead-lettered commands can be driven again.
     */
    static Headers copied(Headers headers) {
        RecordHeaders kept = new RecordHeaders();
        for (Header header : headers) {
            if (header.key().equals(CommandHeaders.EXPIRES_AT) || header.key().startsWith(DeadLetters.PREFIX)) continue;
            kept.add(header);
        }
        return kept;
    }

    /** @throws IllegalStateException when a record could not be published */
    @Override
    public void flush() {
        producer.flush();
        Exception e = failure.get();
        if (e != null) throw new IllegalStateException("cannot publish to " + topic + ": " + e.getMessage(), e);
    }

    @Override
    public void close() {
        try {
            flush();
        } finally {
            producer.close();
        }
    }
}
