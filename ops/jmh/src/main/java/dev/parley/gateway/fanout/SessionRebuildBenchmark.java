package dev.parley.gateway.fanout;

import dev.parley.gateway.metrics.GatewayMetrics;
import dev.parley.gateway.protocol.Intents;
import dev.parley.schemas.Topics;
import dev.parley.schemas.guild.Message;
import dev.parley.schemas.guild.MessageCreated;
import dev.parley.schemas.guild.User;
import dev.parley.schemas.session.ClientProperties;
import dev.parley.schemas.session.SessionCheckpoint;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
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
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The CPU side of resuming a session on another gateway that missed {@code missed} messages: rebuilding its
 * dispatches from its checkpoint ({@link SessionRebuild}: decode each record, route it through a routing state of
 * its own, keep the dispatch), over records already in memory. Reading them from Kafka comes on top (measured end to
 * end by the resume drill, not here).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class SessionRebuildBenchmark {
    private static final long GUILD = 42L << 22;
    private static final long USER = 100;
    private static final int BATCH = 500;

    @Param({"10", "1000", "10000"})
    int missed;

    private final FanoutTopics topics = FanoutTopics.withPrefix("");
    private final List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
    private SessionCheckpoint checkpoint;

    @Setup
    public void setUp() {
        TopicPartition partition = topics.guildPartition(GUILD);
        User author = User.of(7, "author", false);
        for (int n = 0; n < missed; n++) {
            Message message = new Message(9_000_000_000_000L + n, 77, GUILD, author, null, "hello ".repeat(40),
                    "2026-12-02T00:00:00.000000+00:00", null, false, false, List.of(), List.of(), List.of(), List.of(),
                    false, 0, null);
            byte[] value = Topics.GUILD_EVENTS.valueSerde().serializer().serialize("", new MessageCreated("r" + n, GUILD, message));
            records.add(new ConsumerRecord<>(partition.topic(), partition.partition(), n, 1000 + n, TimestampType.CREATE_TIME,
                    0, value.length, new byte[0], value, new RecordHeaders(), Optional.empty()));
        }
        List<SessionCheckpoint.Position> positions = new ArrayList<>();
        for (TopicPartition p : List.of(topics.userPartition(USER), partition, topics.presencePartition(GUILD))) {
            positions.add(new SessionCheckpoint.Position(p.topic(), p.partition(), 0));
        }
        checkpoint = new SessionCheckpoint("bench", USER, "gw-dead", Intents.GUILDS | Intents.GUILD_MESSAGES
                | Intents.MESSAGE_CONTENT, 0, 1, 50, new ClientProperties("linux", "jmh", "jmh"), 0, List.of(GUILD), 10,
                false, positions, 999, 0, 0);
    }

    @Benchmark
    public int rebuild() {
        SessionRebuild rebuild = new SessionRebuild(checkpoint, 10, "", new Memory(), new GatewayMetrics("jmh"), 4096, 20_000);
        return rebuild.readUntil(this::end).after(10).size();
    }

    private long end(TopicPartition partition) {
        return partition.equals(topics.guildPartition(GUILD)) ? records.size() : 0;
    }

    /** The records, read in batches as from a broker. */
    private final class Memory implements SessionRebuild.RecordSource {
        @Override
        public List<ConsumerRecord<byte[], byte[]>> read(TopicPartition partition, long from, long until) {
            if (!partition.equals(topics.guildPartition(GUILD))) return List.of();
            return records.subList((int) from, (int) Math.min(Math.min(from + BATCH, until), records.size()));
        }

        @Override
        public long endOffset(TopicPartition partition) {
            return end(partition);
        }

        @Override
        public long offsetAt(TopicPartition partition, long timestampMillis) {
            return end(partition);
        }

        @Override
        public SessionRebuild.Journal journal(String gatewayId, long run, long fromMillis) {
            return () -> null; // the client saw nothing after the resume point: the journal is not read
        }
    }
}
