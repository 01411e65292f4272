package dev.parley.gateway.state;

import dev.parley.schemas.KafkaClients;
import dev.parley.schemas.Partitioning;
import dev.parley.schemas.Topic;
import dev.parley.schemas.Topics;
import dev.parley.schemas.session.GatewayHeartbeat;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

/**
 * How long another gateway has been silent, from the tail of {@code gateway-heartbeats}: since its newest record
 * (by timestamp, in any partition), unless that is a tombstone (it stopped). Each question reads the last
 * {@value #TAIL} records of every partition afresh (a few kilobytes); thread-safe, one question at a time.
 */
public final class GatewayLiveness implements AutoCloseable {
    /** Records read back per partition: at two heartbeats per gateway per interval, enough for dozens of gateways. */
    static final int TAIL = 64;
    private static final Duration POLL = Duration.ofMillis(200);
    private static final long READ_TIMEOUT_NANOS = Duration.ofSeconds(5).toNanos();

    private final KafkaConsumer<String, byte[]> consumer;
    private final List<TopicPartition> partitions = new ArrayList<>();

    public GatewayLiveness(KafkaClients kafka, String topicPrefix, String clientId) {
        Map<String, Object> config = kafka.config();
        config.put(ConsumerConfig.CLIENT_ID_CONFIG, clientId);
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        // read up to each partition's end: a broker whose partitions are there already answers at once
        config.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 10);
        this.consumer = new KafkaConsumer<>(config, new StringDeserializer(), new ByteArrayDeserializer());
        Topic<String, GatewayHeartbeat> topic = Topics.GATEWAY_HEARTBEATS.withPrefix(topicPrefix);
        for (int p = 0; p < Partitioning.GATEWAY_PARTITIONS; p++) partitions.add(new TopicPartition(topic.name(), p));
    }

    /**
     * How long {@code gatewayId} has been silent: since its newest heartbeat (by its clock, as written); empty when it
     * stopped (its newest record is a tombstone) or never beat. Fails when the topic cannot be read in time.
     */
    public synchronized OptionalLong silentForMillis(String gatewayId) {
        consumer.assign(partitions);
        Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
        Map<TopicPartition, Long> starts = consumer.beginningOffsets(partitions);
        for (TopicPartition partition : partitions) {
            consumer.seek(partition, Math.max(starts.get(partition), ends.get(partition) - TAIL));
        }
        ConsumerRecord<String, byte[]> newest = null;
        long deadline = System.nanoTime() + READ_TIMEOUT_NANOS;
        while (partitions.stream().anyMatch(p -> consumer.position(p) < ends.get(p))) {
            if (System.nanoTime() - deadline > 0) throw new IllegalStateException("gateway-heartbeats not read in time");
            for (ConsumerRecord<String, byte[]> record : consumer.poll(POLL)) {
                if (gatewayId.equals(record.key()) && (newest == null || record.timestamp() >= newest.timestamp())) {
                    newest = record;
                }
            }
        }
        if (newest == null || newest.value() == null) return OptionalLong.empty();
        return OptionalLong.of(Math.max(0, System.currentTimeMillis() - newest.timestamp()));
    }

    @Override
    public synchronized void close() {
        consumer.close(Duration.ofSeconds(1));
    }
}
