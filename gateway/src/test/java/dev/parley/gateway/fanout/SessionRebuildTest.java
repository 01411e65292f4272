package dev.parley.gateway.fanout;

import dev.parley.gateway.metrics.GatewayMetrics;
import dev.parley.gateway.protocol.Dispatch;
import dev.parley.gateway.protocol.Intents;
import dev.parley.schemas.Partitioning;
import dev.parley.schemas.Topics;
import dev.parley.schemas.guild.Guild;
import dev.parley.schemas.guild.GuildEvent;
import dev.parley.schemas.guild.GuildMemberAdded;
import dev.parley.schemas.guild.Member;
import dev.parley.schemas.guild.Message;
import dev.parley.schemas.guild.MessageCreated;
import dev.parley.schemas.guild.TypingStarted;
import dev.parley.schemas.guild.User;
import dev.parley.schemas.json.Json;
import dev.parley.schemas.presence.PresenceUpdate;
import dev.parley.schemas.session.ClientProperties;
import dev.parley.schemas.session.SessionCheckpoint;
import dev.parley.schemas.user.UserEvent;
import dev.parley.schemas.user.UserGuildJoined;
import dev.parley.schemas.user.UserTokensRevoked;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Rebuilding a session from its checkpoint over partitions held in memory: what it yields, and when it can tell. */
class SessionRebuildTest {
    private static final long USER = 100;
    private static final long AUTHOR = 200;
    private static final long INTENTS = Intents.GUILDS | Intents.GUILD_MESSAGES | Intents.MESSAGE_CONTENT
            | Intents.GUILD_PRESENCES | Intents.GUILD_MESSAGE_TYPING;
    private static final FanoutTopics TOPICS = FanoutTopics.withPrefix("");
    /** Two guilds in different partitions of every guild-keyed topic, and a third for a join. */
    private static final long GUILD_A = guildIn(-1);
    private static final long GUILD_B = guildIn(Partitioning.guildPartition(GUILD_A));
    private static final long GUILD_C = guildIn(Partitioning.guildPartition(GUILD_A), Partitioning.guildPartition(GUILD_B));

    private final Map<TopicPartition, List<ConsumerRecord<byte[], byte[]>>> log = new HashMap<>();
    private long clock = 1_000_000;
    /** Whether the next checkpoint says the session held dispatches back. */
    private boolean keptBack;

    @Test
    void shouldYieldEverythingAfterTheResumePointToAClientThatSawNothingAfterIt() {
        message(GUILD_A, 1);
        SessionCheckpoint checkpoint = checkpoint(10, GUILD_A, GUILD_B);
        message(GUILD_B, 2);
        message(GUILD_A, 3);
        SessionRebuild.Result result = rebuild(checkpoint);
        assertEquals(List.of("#2", "#3"), numbers(result.after(10)), "only after the positions, in time order");
        assertEquals(12, result.lastSequence());
        assertNull(result.after(11), "two partitions interleaved: which one the client saw first cannot be told");
        assertNull(result.after(9), "before the resume point");
        assertNull(result.after(13), "past what the log shows");
    }

    @Test
    void shouldTellWhatAClientMissedWhenEverythingCameFromOnePartition() {
        SessionCheckpoint checkpoint = checkpoint(10, GUILD_A, GUILD_B);
        message(GUILD_A, 1);
        message(GUILD_A, 2);
        message(GUILD_A, 3);
        SessionRebuild.Result result = rebuild(checkpoint);
        assertEquals(List.of("#3"), numbers(result.after(12)));
        assertEquals(List.of(), numbers(result.after(13)));
    }

    @Test
    void shouldNotTellPastADispatchTheSessionMayHaveShed() {
        SessionCheckpoint checkpoint = checkpoint(10, GUILD_A);
        message(GUILD_A, 1);
        append(TOPICS.guildPartition(GUILD_A), new TypingStarted("typing-1", GUILD_A, 77, AUTHOR, 1, null));
        message(GUILD_A, 2);
        SessionRebuild.Result result = rebuild(checkpoint);
        assertEquals(3, result.after(10).size(), "the client saw nothing after the resume point");
        assertEquals(List.of("#1"), numbers(result.after(10).subList(0, 1)));
        assertTrue(result.after(11) != null, "before the typing, one partition: exact");
        assertNull(result.after(12), "past a TYPING_START a congested session may have dropped");
    }

    @Test
    void shouldOnlyTellAClientThatSawNothingAfterAResumePointWithDispatchesHeldBack() {
        keptBack = true;
        SessionCheckpoint checkpoint = checkpoint(10, GUILD_A);
        message(GUILD_A, 1);
        message(GUILD_A, 2);
        SessionRebuild.Result result = rebuild(checkpoint);
        assertEquals(List.of("#1", "#2"), numbers(result.after(10)));
        assertNull(result.after(11), "what was held back was sent after the resume point, where is not known");
    }

    @Test
    void shouldDropAReplayOfAnEventDeliveredBeforeTheResumePoint() {
        message(GUILD_A, 1);
        SessionCheckpoint checkpoint = checkpoint(10, GUILD_A);
        message(GUILD_A, 1); // the guild app re-emitted it after its tasks moved
        message(GUILD_A, 2);
        assertEquals(List.of("#2"), numbers(rebuild(checkpoint).after(10)));
    }

    @Test
    void shouldFollowAJoinAndReadTheJoinedGuildsPresencesFromTheJoin() {
        SessionCheckpoint checkpoint = checkpoint(10, GUILD_A);
        presence(GUILD_C, 1); // before the join: not the session's
        clock += 1000;
        TopicPartition c = TOPICS.guildPartition(GUILD_C);
        long joinOffset = end(c);
        append(c, new GuildMemberAdded("join-1", GUILD_C,
                Member.joined(User.of(USER, "user", false), "2026-12-02T00:00:00.000000+00:00"),
                new Guild(GUILD_C, "C", null, AUTHOR, List.of(), List.of(), 2)));
        append(TOPICS.userPartition(USER), new UserGuildJoined(USER, GUILD_C, c.partition(), joinOffset));
        clock += 1000;
        presence(GUILD_C, 2);
        message(GUILD_C, 3);
        SessionRebuild rebuild = new SessionRebuild(checkpoint, "", new MemorySource(), new GatewayMetrics("test"), 100);
        // the user's events announce the join; the rebuild then reads C's partition from the join, as a gateway does
        rebuild.readUntil(this::end);
        assertEquals(List.of("GUILD_CREATE", "PRESENCE_UPDATE", "MESSAGE_CREATE"),
                rebuild.result().after(10).stream().map(Dispatch::type).toList());
        assertTrue(rebuild.guilds().contains(GUILD_C));
    }

    @Test
    void shouldMarkARevocationAfterTheResumePoint() {
        SessionCheckpoint checkpoint = checkpoint(10, GUILD_A);
        append(TOPICS.userPartition(USER), new UserTokensRevoked(USER, 1));
        SessionRebuild.Result result = rebuild(checkpoint);
        assertTrue(result.revoked());
        assertNull(result.after(10));
    }

    @Test
    void shouldStopAtTheTargetsAndGoOnFromThereWhenAskedAgain() {
        SessionCheckpoint checkpoint = checkpoint(10, GUILD_A);
        message(GUILD_A, 1);
        long stop = end(TOPICS.guildPartition(GUILD_A));
        message(GUILD_A, 2);
        SessionRebuild rebuild = new SessionRebuild(checkpoint, "", new MemorySource(), new GatewayMetrics("test"), 100);
        TopicPartition a = TOPICS.guildPartition(GUILD_A);
        assertEquals(List.of("#1"), numbers(rebuild.readUntil(tp -> tp.equals(a) ? stop : end(tp)).after(10)));
        assertEquals(stop, rebuild.positions().get(a));
        assertEquals(List.of("#1", "#2"), numbers(rebuild.readUntil(this::end).after(10)));
    }

    // ---- the log

    private SessionRebuild.Result rebuild(SessionCheckpoint checkpoint) {
        return new SessionRebuild(checkpoint, "", new MemorySource(), new GatewayMetrics("test"), 100)
                .readUntil(this::end);
    }

    /** A checkpoint at {@code sequence} of a session in {@code guilds}, at the current end of every partition. */
    private SessionCheckpoint checkpoint(long sequence, Long... guilds) {
        List<SessionCheckpoint.Position> positions = new ArrayList<>();
        TopicPartition user = TOPICS.userPartition(USER);
        positions.add(new SessionCheckpoint.Position(user.topic(), user.partition(), end(user)));
        for (long guild : guilds) {
            for (TopicPartition p : List.of(TOPICS.guildPartition(guild), TOPICS.presencePartition(guild))) {
                positions.add(new SessionCheckpoint.Position(p.topic(), p.partition(), end(p)));
            }
        }
        clock += 10;
        return new SessionCheckpoint("s1", USER, "gw-dead", INTENTS, 0, 1, 50, new ClientProperties("linux", "t", "t"),
                0, List.of(guilds), sequence, keptBack, positions, clock);
    }

    private void message(long guild, int n) {
        clock += 10;
        Message message = new Message(5000 + n, 77, guild, User.of(AUTHOR, "author", false), null, "#" + n,
                "2026-12-02T00:00:00.000000+00:00", null, false, false, List.of(), List.of(), List.of(), List.of(),
                false, 0, null);
        append(TOPICS.guildPartition(guild), new MessageCreated("post-" + n, guild, message));
    }

    private void presence(long guild, int n) {
        clock += 10;
        byte[] value = Topics.PRESENCE_UPDATES.valueSerde().serializer().serialize("", new PresenceUpdate(guild,
                User.of(AUTHOR + n, "u" + n, false), "online", List.of(), Map.of()));
        add(TOPICS.presencePartition(guild), value);
    }

    private void append(TopicPartition partition, GuildEvent event) {
        clock += 10;
        add(partition, Topics.GUILD_EVENTS.valueSerde().serializer().serialize("", event));
    }

    private void append(TopicPartition partition, UserEvent event) {
        clock += 10;
        add(partition, Topics.USER_EVENTS.valueSerde().serializer().serialize("", event));
    }

    private void add(TopicPartition partition, byte[] value) {
        List<ConsumerRecord<byte[], byte[]>> records = log.computeIfAbsent(partition, p -> new ArrayList<>());
        records.add(new ConsumerRecord<>(partition.topic(), partition.partition(), records.size(), clock,
                TimestampType.CREATE_TIME, 0, value.length, new byte[0], value, new RecordHeaders(), Optional.empty()));
    }

    private long end(TopicPartition partition) {
        return log.getOrDefault(partition, List.of()).size();
    }

    /** The log, read as a broker would, in batches of two. */
    private final class MemorySource implements SessionRebuild.RecordSource {
        @Override
        public List<ConsumerRecord<byte[], byte[]>> read(TopicPartition partition, long from, long until) {
            List<ConsumerRecord<byte[], byte[]>> all = log.getOrDefault(partition, List.of());
            return all.subList((int) Math.min(from, all.size()), (int) Math.min(Math.min(from + 2, until), all.size()));
        }

        @Override
        public long endOffset(TopicPartition partition) {
            return end(partition);
        }

        @Override
        public long offsetAt(TopicPartition partition, long timestampMillis) {
            for (ConsumerRecord<byte[], byte[]> record : log.getOrDefault(partition, List.of())) {
                if (record.timestamp() >= timestampMillis) return record.offset();
            }
            return end(partition);
        }
    }

    private static List<String> numbers(List<Dispatch> dispatches) {
        if (dispatches == null) return null;
        List<String> found = new ArrayList<>();
        for (Dispatch dispatch : dispatches) {
            try {
                found.add(Json.MAPPER.readTree(dispatch.payload()).get("content").asText());
            } catch (IOException e) {
                throw new AssertionError(e);
            }
        }
        return found;
    }

    private static long guildIn(int... notIn) {
        for (long id = 1L << 22; ; id += 1L << 22) {
            int p = Partitioning.guildPartition(id);
            boolean taken = false;
            for (int n : notIn) taken |= n == p;
            if (!taken) return id;
        }
    }
}
