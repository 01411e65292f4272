package dev.parley.gateway.fanout;

import dev.parley.schemas.Topics;
import dev.parley.schemas.session.FanoutJournalEntry;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.Serializer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * What the fan-out journal costs the consumer thread per poll: building the entry of a poll that returned records of
 * {@code partitions} partitions ({@link FanoutJournal#routed}) and serializing it as the producer is handed it (on the
 * consumer thread, by {@code TopicProducer}); the network write comes on top, on the producer's own threads. The
 * baseline is the same poll's records iterated in routing order with nothing journaled.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class FanoutJournalBenchmark {
    @Param({"1", "12", "36"})
    int partitions;

    private final Serializer<FanoutJournalEntry> serializer = Topics.FANOUT_JOURNAL.valueSerde().serializer();
    private ConsumerRecords<byte[], byte[]> poll;
    private FanoutJournal journal;
    private int bytes;

    @Setup
    public void setUp() {
        Map<TopicPartition, List<ConsumerRecord<byte[], byte[]>>> records = new LinkedHashMap<>();
        String[] topics = {"parley.guild-events", "parley.presence-updates", "parley.user-events"};
        for (int p = 0; p < partitions; p++) {
            TopicPartition partition = new TopicPartition(topics[p % 3], p / 3);
            List<ConsumerRecord<byte[], byte[]>> of = new ArrayList<>();
            for (int n = 0; n < 4; n++) {
                of.add(new ConsumerRecord<>(partition.topic(), partition.partition(), 1_000_000L + n, new byte[0], new byte[0]));
            }
            records.put(partition, of);
        }
        poll = new ConsumerRecords<>(records, Map.of());
        journal = new FanoutJournal("gw-1", 1_764_000_000_000L, entry -> bytes += serializer.serialize("", entry).length);
    }

    @Benchmark
    public int routingOrderOnly() {
        int n = 0;
        for (TopicPartition partition : poll.partitions()) n += poll.records(partition).size();
        return n;
    }

    @Benchmark
    public int journaled() {
        int n = routingOrderOnly();
        journal.routed(poll);
        return n + bytes;
    }
}
