package dev.parley.gateway.fanout;

import dev.parley.gateway.protocol.Shard;
import dev.parley.schemas.session.SessionCheckpoint;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/** When checkpoints are written and what they hold, with a fake clock and sink: no broker. */
class SessionCheckpointsTest {
    private static final FanoutTopics TOPICS = FanoutTopics.withPrefix("");
    private static final long GUILD = 10L << 22;
    private static final long SECOND = 1_000_000_000L;

    private final List<String> keys = new ArrayList<>();
    private final List<SessionCheckpoint> records = new ArrayList<>();
    private long now;
    private final SessionCheckpoints checkpoints = new SessionCheckpoints((user, key, checkpoint) -> {
        keys.add(key);
        records.add(checkpoint);
        return java.util.concurrent.CompletableFuture.completedFuture(null);
    }, TOPICS, "gw-1", new FanoutJournal("gw-1", 77, entry -> { }), Duration.ofSeconds(1), Duration.ofSeconds(60), () -> now, () -> 1234L);
    private final FakeAssignment assignment = new FakeAssignment();
    private final Map<TopicPartition, Long> positions = assignment.positions;
    private final Map<FanoutSession, Set<Long>> guilds = new HashMap<>();

    @Test
    void shouldWriteNothingBeforeReadyAndTheResumePointAtOnceAfter() {
        Session session = new Session("s1", 100);
        checkpoints.changed(session);
        checkpoints.write(assignment, this::guildsOf);
        assertEquals(List.of(), records, "READY not sent yet");

        session.sequence = 3;
        guilds.put(session, Set.of(GUILD));
        positions.put(TOPICS.guildPartition(GUILD), 41L);
        positions.put(TOPICS.presencePartition(GUILD), 7L);
        positions.put(TOPICS.userPartition(100), 2L);
        checkpoints.write(assignment, this::guildsOf);

        assertEquals(List.of("s1"), keys);
        SessionCheckpoint written = records.get(0);
        assertEquals(3, written.sequence());
        assertEquals(List.of(GUILD), written.guildIds());
        assertEquals(List.of(position(TOPICS.userPartition(100), 2), position(TOPICS.guildPartition(GUILD), 41),
                position(TOPICS.presencePartition(GUILD), 7)), written.positions());
        assertEquals("gw-1", written.gatewayId());
        assertEquals(1234L, written.at());
        assertEquals(77, written.journalRun(), "the journal's run and last poll: none yet");
        assertEquals(0, written.journalPoll());
    }

    @Test
    void shouldRewriteAChangedSessionOncePerIntervalAndAnIdleOneNever() {
        Session busy = ready("busy", 100);
        Session idle = ready("idle", 200);
        checkpoints.write(assignment, this::guildsOf);
        assertEquals(List.of("busy", "idle"), keys);

        busy.sequence = 9;
        now += SECOND / 2;
        checkpoints.write(assignment, this::guildsOf);
        assertEquals(2, keys.size(), "within the interval, a session that was only handed dispatches waits");

        now += SECOND / 2;
        checkpoints.write(assignment, this::guildsOf);
        assertEquals(List.of("busy", "idle", "busy"), keys);
        assertEquals(9, records.get(2).sequence());

        now += 5 * SECOND;
        checkpoints.write(assignment, this::guildsOf);
        assertEquals(3, keys.size(), "nothing changed: nothing written");

        now += 55 * SECOND;
        checkpoints.write(assignment, this::guildsOf);
        assertEquals(List.of("busy", "idle", "busy", "busy", "idle"), keys, "the refresh rewrites unchanged sessions");
    }

    @Test
    void shouldWriteAtOnceWhenTheGuildsChange() {
        Session session = ready("s1", 100);
        checkpoints.write(assignment, this::guildsOf);
        guilds.put(session, Set.of(GUILD));
        checkpoints.changed(session);
        checkpoints.write(assignment, this::guildsOf);
        assertEquals(List.of(GUILD), records.get(1).guildIds());
    }

    @Test
    void shouldTombstoneAnEndedSessionOnlyIfItWasWritten() {
        Session written = ready("written", 100);
        checkpoints.write(assignment, this::guildsOf);
        Session never = new Session("never", 200);
        checkpoints.changed(never);
        checkpoints.ended(written);
        checkpoints.ended(never);
        assertEquals(List.of("written", "written"), keys);
        assertNull(records.get(1));

        now += 2 * SECOND;
        written.sequence++;
        checkpoints.write(assignment, this::guildsOf);
        assertEquals(2, keys.size(), "an ended session is written no more");
    }

    private Session ready(String id, long userId) {
        Session session = new Session(id, userId);
        session.sequence = 1;
        checkpoints.changed(session);
        return session;
    }

    private Set<Long> guildsOf(FanoutSession session) {
        return guilds.getOrDefault(session, Set.of());
    }

    private static SessionCheckpoint.Position position(TopicPartition partition, long offset) {
        return new SessionCheckpoint.Position(partition.topic(), partition.partition(), offset);
    }

    private static final class Session extends TestFanoutSession {
        long sequence;

        Session(String id, long userId) {
            super(id, userId, 1, Shard.ONLY);
        }

        @Override
        public long sequence() {
            return sequence;
        }
    }
}
