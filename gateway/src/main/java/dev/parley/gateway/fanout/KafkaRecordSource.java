package dev.parley.gateway.fanout;

import dev.parley.schemas.KafkaClients;
import dev.parley.schemas.Partitioning;
import dev.parley.schemas.Topics;
import dev.parley.schemas.session.FanoutJournalEntry;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Deserializer;

import java.time.Duration;
import java.util.ArrayDeque;
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
    private final String topicPrefix;

    KafkaRecordSource(KafkaClients kafka, String topicPrefix, String clientId) {
        this.topicPrefix = topicPrefix;
        Map<String, Object> config = FanoutConsumer.manualConsumerConfig(kafka, clientId);
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
    public SessionRebuild.Journal journal(String gatewayId, long run, long fromMillis) {
        TopicPartition partition = new TopicPartition(Topics.FANOUT_JOURNAL.withPrefix(topicPrefix).name(),
                Partitioning.gatewayPartition(gatewayId));
        Deserializer<FanoutJournalEntry> values = Topics.FANOUT_JOURNAL.valueSerde().deserializer();
        Deserializer<String> keys = Topics.FANOUT_JOURNAL.keySerde().deserializer();
        return new SessionRebuild.Journal() {
            private final long end = endOffset(partition);
            private long position = offsetAt(partition, fromMillis);
            private final ArrayDeque<FanoutJournalEntry> read = new ArrayDeque<>();

            @Override
            public FanoutJournalEntry next() {
                while (read.isEmpty() && position < end) {
                    List<ConsumerRecord<byte[], byte[]>> batch = read(partition, position, end);
                    if (batch.isEmpty()) position = end; // only control records left
                    for (ConsumerRecord<byte[], byte[]> record : batch) {
                        position = Math.max(position, record.offset() + 1);
                        if (record.value() == null || !gatewayId.equals(keys.deserialize(partition.topic(), record.key()))) continue;
                        FanoutJournalEntry entry = values.deserialize(partition.topic(), record.value());
                        if (entry.run() == run) read.add(entry);
                    }
                }
                return read.poll();
            }
        };
    }

    @Override
    public void close() {
        consumer.close(Duration.ZERO); // no group, nothing to commit: the brokers drop its fetch sessions themselves
    }
}
