package dev.parley.gateway;

import dev.parley.schemas.KafkaClients;
import dev.parley.schemas.Topic;
import dev.parley.schemas.Topics;
import dev.parley.schemas.session.GatewayHeartbeat;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.RecordDeserializationException;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Before a gateway starts: no other gateway alive has its {@code gateway.worker-id}, which names the ids a gateway
 * makes, so that two gateways never make the same id. Reads the latest liveness record of every gateway
 * ({@code gateway-heartbeats}, compacted by gateway id); a gateway whose last one is older than {@code staleAfter} (or
 * that stopped cleanly, leaving a tombstone) is gone. Two gateways started at the same moment can both pass: start
 * gateways with distinct worker ids.
 */
final class WorkerIdCheck {
    private static final Duration READ_TIMEOUT = Duration.ofSeconds(30);

    private WorkerIdCheck() {
    }

    /** @throws IllegalArgumentException naming the gateway that holds {@code workerId} */
    static void ensureFree(KafkaClients kafka, String prefix, String gatewayId, int workerId, Duration staleAfter) {
        Topic<String, GatewayHeartbeat> topic = Topics.GATEWAY_HEARTBEATS.withPrefix(prefix);
        Map<String, Object> config = kafka.config();
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.CLIENT_ID_CONFIG, gatewayId + "-worker-check");
        Map<String, ConsumerRecord<String, GatewayHeartbeat>> latest = new HashMap<>();
        try (var consumer = new KafkaConsumer<>(config, topic.keySerde().deserializer(), topic.valueSerde().deserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic.name(), READ_TIMEOUT).stream()
                    .map(p -> new TopicPartition(topic.name(), p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions, READ_TIMEOUT);
            long deadline = System.nanoTime() + READ_TIMEOUT.toNanos();
            while (partitions.stream().anyMatch(p -> consumer.position(p, READ_TIMEOUT) < ends.get(p))) {
                if (System.nanoTime() > deadline) throw new IllegalStateException("could not read " + topic.name() + " in time");
                try {
                    for (ConsumerRecord<String, GatewayHeartbeat> record : consumer.poll(Duration.ofMillis(200))) {
                        // a gateway's records are in several partitions (LivenessBeacon): the newest decides
                        ConsumerRecord<String, GatewayHeartbeat> known = latest.get(record.key());
                        if (known == null || record.timestamp() >= known.timestamp()) latest.put(record.key(), record);
                    }
                } catch (RecordDeserializationException unreadable) {
                    consumer.seek(unreadable.topicPartition(), unreadable.offset() + 1);
                }
            }
        }
        long now = System.currentTimeMillis();
        for (var entry : latest.entrySet()) {
            GatewayHeartbeat beat = entry.getValue().value();
            if (beat == null || entry.getKey().equals(gatewayId) || beat.workerId() == null || beat.workerId() != workerId) continue;
            long age = now - beat.at();
            if (age < staleAfter.toMillis()) {
                throw new IllegalArgumentException("gateway.worker-id " + workerId + " is in use by gateway " + entry.getKey()
                        + " (alive " + Math.max(0, age) + " ms ago); give every gateway a distinct worker id (0-15)");
            }
        }
    }
}
