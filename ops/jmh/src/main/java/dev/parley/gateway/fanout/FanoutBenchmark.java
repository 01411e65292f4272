package dev.parley.gateway.fanout;

import dev.parley.gateway.metrics.GatewayMetrics;
import dev.parley.gateway.protocol.Dispatch;
import dev.parley.gateway.protocol.Intents;
import dev.parley.gateway.protocol.V10JsonCodec;
import dev.parley.gateway.session.BenchSessions;
import dev.parley.gateway.session.GatewaySession;
import dev.parley.schemas.guild.Message;
import dev.parley.schemas.guild.MessageCreated;
import dev.parley.schemas.guild.User;
import org.apache.kafka.common.TopicPartition;
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
import org.openjdk.jmh.infra.Blackhole;

import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The fan-out thread's work for one MESSAGE_CREATE in a guild of {@code members} local sessions: the routing state
 * checks it is not a replay, finds the recipients in the guild index, check their intents, serialize the payload once per variant (with and without content) and
 * hand each session the shared dispatch (sequence number, replay buffer, outbound queue). Divide by
 * {@code members} for the cost per recipient. {@link #routeEncodingPerRecipient} is the same work serializing the
 * payload for every recipient, which encode-once avoids.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class FanoutBenchmark {
    private static final long GUILD = 4242;
    private static final byte[] NO_BYTES = new byte[0];

    @Param({"1000", "10000"})
    int members;

    private GuildSubscriptions subscriptions;
    private FanoutRoutes routes;
    private MessageCreated event;
    private Message message;
    private long nextMessageId = 9_000_000_000_000L;

    @Setup
    public void setUp() {
        subscriptions = new GuildSubscriptions();
        routes = new FanoutRoutes(FanoutTopics.withPrefix(""), new ReadNothing(), new NoEffects(),
                new GatewayMetrics("jmh"), 1000);
        for (int n = 0; n < members; n++) {
            GatewaySession session = BenchSessions.started(n);
            subscriptions.subscribe(session, GUILD);
            routes.watch(session);
            routes.attach(session, List.of(GUILD));
        }
        User author = User.of(7, "author", false);
        message = new Message(9_000_000_000_000L, 77, GUILD, author, null, "hello ".repeat(40),
                "2026-11-28T00:00:00.000000+00:00", null, false, false, List.of(), List.of(), List.of(), List.of(),
                false, 0, "nonce-1");
        event = new MessageCreated("r1", GUILD, message);
    }

    /** A new message each time (the routing state drops a message id it has delivered as a replay). */
    @Benchmark
    public void routeMessage() {
        Message next = new Message(++nextMessageId, message.channelId(), GUILD, message.author(), null, message.content(),
                message.timestamp(), null, false, false, List.of(), List.of(), List.of(), List.of(), false, 0, "nonce-1");
        routes.guildEvent(0, new MessageCreated("r1", GUILD, next), NO_BYTES, 0);
    }

    @Benchmark
    public void routeEncodingPerRecipient(Blackhole hole) {
        for (FanoutSession session : subscriptions.sessions(GUILD)) {
            if ((session.intents() & Intents.GUILD_MESSAGES) == 0) continue;
            boolean content = (session.intents() & Intents.MESSAGE_CONTENT) != 0;
            byte[] payload = V10JsonCodec.payload(content ? event.message() : event.message().withoutContent());
            hole.consume(session.dispatch(GUILD, Dispatch.of(event.dispatchType(), payload)));
        }
    }

    /** An assignment that reads nothing: the benchmark feeds the records itself. */
    private static final class ReadNothing implements PartitionBook.Assignment {
        @Override
        public void assign(TopicPartition partition, long offset) {
        }

        @Override
        public void unassign(TopicPartition partition) {
        }

        @Override
        public long position(TopicPartition partition) {
            return 0;
        }
    }

    private static final class NoEffects implements FanoutRoutes.Effects {
        @Override
        public void fetchSnapshot(FanoutSession session, long guildId, long leaveEpoch) {
        }

        @Override
        public void tokensRevoked(long userId, long generation) {
        }

        @Override
        public void sessionChanged(FanoutSession session) {
        }

        @Override
        public void sessionEnded(FanoutSession session) {
        }

        @Override
        public void shed(FanoutSession session) {
        }
    }

    /** The index alone: the recipients of the guild with the message intent. */
    @Benchmark
    public int lookUpRecipients() {
        int found = 0;
        for (FanoutSession session : subscriptions.sessions(GUILD)) {
            if ((session.intents() & Intents.GUILD_MESSAGES) != 0) found++;
        }
        return found;
    }
}
