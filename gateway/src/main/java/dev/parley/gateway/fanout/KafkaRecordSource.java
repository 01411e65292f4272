package dev.parley.gateway.fanout;

import dev.parley.schemas.KafkaClients;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@link SessionRebuild.RecordSource} over a consumer of its own: manual assignment, committed records only, and no
 * offset reset, so a position the log no longer holds (deleted by retention) fails the read instead of skipping
 * records. Used by one thread at a time.
 */
final class KafkaRecordSource implements SessionRebuild.RecordSource, AutoCloseable {
    private static final Duration POLL = Duration.ofMillis(200);
    /** How long a read may find nothing while records are due before it fails. */
    private static final long READ_TIMEOUT_NANOS = Duration.ofSeconds(10).toNanos();

    private final KafkaConsumer<byte[], byte[]> consumer;

    KafkaRecordSource(KafkaClients kafka, String clientId) {
        Map<String, Object> config = kafka.config();
        config.put(ConsumerConfig.CLIENT_ID_CONFIG, clientId);
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "none");
        config.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 1000);
        this.consumer = new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    @Override
    public List<ConsumerRecord<byte[], byte[]>> read(TopicPartition partition, long from, long until) {
        consumer.assign(Set.of(partition));
        consumer.seek(partition, from);
        long deadline = System.nanoTime() + READ_TIMEOUT_NANOS;
        while (consumer.position(partition) < until) {
            List<ConsumerRecord<byte[], byte[]>> records = consumer.poll(POLL).records(partition);
            if (!records.isEmpty()) return records;
            if (System.nanoTime() - deadline > 0) {
                throw new IllegalStateException("no records of " + partition + " from " + from + " below " + until
                        + " could be read in time");
            }
        }
        return List.of(); // only control records (transaction markers) below until
    }

    @Override
    public long endOffset(TopicPartition partition) {
        return consumer.endOffsets(Set.of(partition)).get(partition);
    }

    @Override
    public long offsetAt(TopicPartition partition, long timestampMillis) {
        OffsetAndTimestamp found = consumer.offsetsForTimes(Map.of(partition, timestampMillis)).get(partition);
        return found == null ? endOffset(partition) : found.offset();
    }

    @Override
    public void close() {
        consumer.close(Duration.ofSeconds(1));
    }
}
