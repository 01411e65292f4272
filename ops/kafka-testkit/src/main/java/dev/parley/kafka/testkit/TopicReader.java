package dev.parley.kafka.testkit;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.Deserializer;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * Reads every partition of one topic from the beginning, without a consumer group, for assertions on what an
 * app wrote.
 */
public final class TopicReader<K, V> implements AutoCloseable {
    private final KafkaConsumer<K, V> consumer;
    private final List<ConsumerRecord<K, V>> seen = new ArrayList<>();

    public TopicReader(TestKafka kafka, String topic, Deserializer<K> keys, Deserializer<V> values) {
        this.consumer = new KafkaConsumer<>(kafka.consumerConfig(), keys, values);
        List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                .map(p -> new TopicPartition(topic, p.partition())).toList();
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
    }

    /** The first record (of all read so far, then of new ones) matching {@code match}, within {@code timeout}. */
    public ConsumerRecord<K, V> await(Duration timeout, Predicate<ConsumerRecord<K, V>> match) {
        return Eventually.await(timeout, "a matching record", () -> {
            for (ConsumerRecord<K, V> record : consumer.poll(Duration.ofMillis(100))) seen.add(record);
            return seen.stream().filter(match).findFirst().orElse(null);
        });
    }

    /** Everything read so far. */
    public List<ConsumerRecord<K, V>> seen() {
        return List.copyOf(seen);
    }

    @Override
    public void close() {
        consumer.close();
    }
}
