package dev.parley.gateway.fanout;

import dev.parley.schemas.session.FanoutJournalEntry;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.TopicPartition;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Journals the order in which the fan-out routes what it reads ({@code fanout-journal}): for each poll that returned
 * records, once they are routed, the range of each partition in the order the consumer thread routed them, and the
 * sessions that shed a dispatch meanwhile. A session checkpoint names the last poll routed at its resume point
 * ({@link #lastPoll}), so a rebuild elsewhere can replay the partitions after it in this gateway's own order. Entries
 * are sent without waiting: a crash can leave the journal short of what was routed, which a rebuild sees as a journal
 * that ends. Consumer thread only.
 */
final class FanoutJournal {
    /** Where entries go; must not block. */
    interface Sink {
        void write(FanoutJournalEntry entry);
    }

    private final String gatewayId;
    private final long run;
    private final Sink sink;
    private final Set<String> shed = new LinkedHashSet<>();
    private long lastPoll;

    /** @param run this run of the gateway ({@code startedAt} of its heartbeats), at least 1 */
    FanoutJournal(String gatewayId, long run, Sink sink) {
        if (run < 1) throw new IllegalArgumentException("a run is a positive start time: " + run);
        this.gatewayId = gatewayId;
        this.run = run;
        this.sink = sink;
    }

    /** While a poll is routed: {@code session} shed a dispatch (it took no sequence number). */
    void shed(FanoutSession session) {
        shed.add(session.id());
    }

    /**
     * {@code polled} was routed, partition by partition in the order of {@link ConsumerRecords#partitions()}, each in
     * offset order: journals it (nothing when it was empty).
     */
    void routed(ConsumerRecords<byte[], byte[]> polled) {
        if (polled.isEmpty()) return;
        List<FanoutJournalEntry.Range> ranges = new ArrayList<>(polled.partitions().size());
        for (TopicPartition partition : polled.partitions()) {
            List<ConsumerRecord<byte[], byte[]>> records = polled.records(partition);
            if (records.isEmpty()) continue;
            ranges.add(new FanoutJournalEntry.Range(partition.topic(), partition.partition(), records.get(0).offset(),
                    records.get(records.size() - 1).offset() + 1));
        }
        sink.write(new FanoutJournalEntry(gatewayId, run, ++lastPoll, ranges, List.copyOf(shed)));
        shed.clear();
    }

    long run() {
        return run;
    }

    /** The number of the last poll journaled (0 before the first). */
    long lastPoll() {
        return lastPoll;
    }
}
