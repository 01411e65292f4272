package dev.parley.gateway.fanout;

import dev.parley.gateway.metrics.GatewayMetrics;
import dev.parley.gateway.protocol.Dispatch;
import dev.parley.gateway.protocol.Intents;
import dev.parley.gateway.protocol.Shard;
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
import dev.parley.schemas.session.FanoutJournalEntry;
import dev.parley.schemas.session.SessionCheckpoint;
import dev.parley.schemas.user.UserEvent;
import dev.parley.schemas.user.UserGuildJoined;
import dev.parley.schemas.user.UserTokensRevoked;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
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
    /** The first gateway's journal, in the order written. */
    private final List<FanoutJournalEntry> journal = new ArrayList<>();
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
        SessionRebuild rebuild = new SessionRebuild(checkpoint, 10, "", new MemorySource(), new GatewayMetrics("test"),
                100, 1000);
        // the user's events announce the join; the rebuild then reads C's partition from the join, as a gateway does
        rebuild.readUntil(this::end);
        assertEquals(List.of("GUILD_CREATE", "PRESENCE_UPDATE", "MESSAGE_CREATE"),
                rebuild.result().after(10).stream().map(Dispatch::type).toList());
        assertTrue(rebuild.guilds().contains(GUILD_C));
    }

    @Test
    void shouldStopAndSaySoPastTheMostDispatchesItKeeps() {
        SessionCheckpoint checkpoint = checkpoint(10, GUILD_A);
        for (int n = 1; n <= 4; n++) message(GUILD_A, n);
        SessionRebuild.Result result = new SessionRebuild(checkpoint, 10, "", new MemorySource(),
                new GatewayMetrics("test"), 100, 3).readUntil(this::end);
        assertTrue(result.overflowed());
        assertEquals(3, result.dispatches().size());
        assertNull(result.after(10), "too far behind to be told");
        assertTrue(!new SessionRebuild(checkpoint, 10, "", new MemorySource(), new GatewayMetrics("test"), 100, 4)
                .readUntil(this::end).overflowed(), "four fit in four");
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
        SessionRebuild rebuild = new SessionRebuild(checkpoint, 10, "", new MemorySource(), new GatewayMetrics("test"),
                100, 1000);
        TopicPartition a = TOPICS.guildPartition(GUILD_A);
        assertEquals(List.of("#1"), numbers(rebuild.readUntil(tp -> tp.equals(a) ? stop : end(tp)).after(10)));
        assertEquals(stop, rebuild.positions().get(a));
        assertEquals(List.of("#1", "#2"), numbers(rebuild.readUntil(this::end).after(10)));
    }


    // ---- in the first gateway's order, from its journal

    @Test
    void shouldTellAClientWhatItMissedInTheOrderTheFirstGatewayHandedItAcrossPartitions() {
        Live live = new Live(GUILD_A, GUILD_B);
        TopicPartition a = TOPICS.guildPartition(GUILD_A);
        TopicPartition b = TOPICS.guildPartition(GUILD_B);
        TopicPartition presenceB = TOPICS.presencePartition(GUILD_B);
        message(GUILD_A, 1);
        live.poll(10, a, b);
        SessionCheckpoint checkpoint = live.checkpoint();
        message(GUILD_A, 2);
        message(GUILD_B, 3);
        presence(GUILD_B, 4);
        message(GUILD_A, 5);
        message(GUILD_B, 6);
        live.poll(1, presenceB, b, a); // not the records' time order: presence 4, #3, #2
        live.poll(10, b, a);           // #6, #5
        assertEquals(List.of("#3", "#2", "#6", "#5"), numbers(live.after(checkpoint.sequence()).stream()
                .filter(d -> d.type().equals("MESSAGE_CREATE")).toList()), "the live order, not the time order");
        for (long seq = checkpoint.sequence(); seq <= live.session.sequence(); seq++) {
            assertExact(live, checkpoint, seq);
        }
    }

    @Test
    void shouldNotTellAClientThatSawMoreThanTheJournalHolds() {
        Live live = new Live(GUILD_A, GUILD_B);
        TopicPartition a = TOPICS.guildPartition(GUILD_A);
        TopicPartition b = TOPICS.guildPartition(GUILD_B);
        SessionCheckpoint checkpoint = live.checkpoint();
        message(GUILD_A, 1);
        message(GUILD_B, 2);
        live.poll(10, b, a); // #2, #1: journaled
        message(GUILD_A, 3);
        message(GUILD_B, 4);
        live.poll(10, b, a); // #4, #3: the gateway died before this poll's entry was written
        journal.remove(journal.size() - 1);
        long base = checkpoint.sequence();
        assertExact(live, checkpoint, base + 1);
        assertExact(live, checkpoint, base + 2);
        assertNull(rebuild(checkpoint, base + 3).after(base + 3), "#4 or #3 first: not journaled");
    }

    @Test
    void shouldNotFollowAJournalThatSkipsAPoll() {
        Live live = new Live(GUILD_A, GUILD_B);
        TopicPartition a = TOPICS.guildPartition(GUILD_A);
        TopicPartition b = TOPICS.guildPartition(GUILD_B);
        SessionCheckpoint checkpoint = live.checkpoint();
        message(GUILD_A, 1);
        message(GUILD_B, 2);
        live.poll(10, b, a);
        message(GUILD_A, 3);
        live.poll(10, a);
        journal.remove(journal.size() - 2); // the first entry after the checkpoint was lost
        assertNull(rebuild(checkpoint, checkpoint.sequence() + 1).after(checkpoint.sequence() + 1));
    }

    @Test
    void shouldNotTellPastAPollInWhichTheSessionShedADispatch() {
        Live live = new Live(GUILD_A, GUILD_B);
        TopicPartition a = TOPICS.guildPartition(GUILD_A);
        TopicPartition b = TOPICS.guildPartition(GUILD_B);
        TopicPartition presenceB = TOPICS.presencePartition(GUILD_B);
        SessionCheckpoint checkpoint = live.checkpoint();
        message(GUILD_B, 1);
        message(GUILD_A, 2);
        live.poll(10, b, a);
        presence(GUILD_B, 3);
        message(GUILD_A, 4);
        live.session.congested = true; // the presence is shed: it takes no number
        live.poll(10, presenceB, a);
        live.session.congested = false;
        long base = checkpoint.sequence();
        assertSameSeen(live, checkpoint, base + 2); // what was journaled before the shedding poll is exact
        assertNull(rebuild(checkpoint, base + 3).after(base + 3), "the rebuild cannot shed what the session shed");
    }

    @Test
    void shouldStopWithinAJournaledRangeAtATargetAndGoOnFromThere() {
        Live live = new Live(GUILD_A, GUILD_B);
        TopicPartition a = TOPICS.guildPartition(GUILD_A);
        TopicPartition b = TOPICS.guildPartition(GUILD_B);
        SessionCheckpoint checkpoint = live.checkpoint();
        message(GUILD_A, 1);
        long stop = end(a);
        message(GUILD_A, 2);
        message(GUILD_B, 3);
        live.poll(10, a, b); // #1, #2, #3
        long seen = checkpoint.sequence() + 3;
        SessionRebuild rebuild = new SessionRebuild(checkpoint, seen, "", new MemorySource(),
                new GatewayMetrics("test"), 100, 1000);
        assertEquals(List.of("#1"), numbers(rebuild.readUntil(tp -> tp.equals(a) ? stop : end(tp))
                .after(checkpoint.sequence())), "stopped at A's target, B not fed past the journal's order");
        SessionRebuild.Result result = rebuild.readUntil(this::end);
        assertEquals(types(live.after(checkpoint.sequence())), types(result.dispatches()));
        assertEquals(List.of(), result.after(seen));
    }

    @Test
    void shouldStopFollowingWhereAJoinNeedsAPartitionTheJournalSaysNothingOf() {
        Live live = new Live(GUILD_A);
        TopicPartition a = TOPICS.guildPartition(GUILD_A);
        TopicPartition c = TOPICS.guildPartition(GUILD_C);
        TopicPartition user = TOPICS.userPartition(USER);
        SessionCheckpoint checkpoint = live.checkpoint();
        message(GUILD_A, 1);
        long joinOffset = end(c);
        append(c, new GuildMemberAdded("join-1", GUILD_C,
                Member.joined(User.of(USER, "user", false), "2026-12-02T00:00:00.000000+00:00"),
                new Guild(GUILD_C, "C", null, AUTHOR, List.of(), List.of(), 2)));
        append(user, new UserGuildJoined(USER, GUILD_C, c.partition(), joinOffset));
        message(GUILD_C, 2);
        live.poll(10, a, user);
        live.poll(10, c, a);
        long base = checkpoint.sequence();
        assertExact(live, checkpoint, base + 1);
        assertNull(rebuild(checkpoint, base + 2).after(base + 2),
                "whether the first gateway read C past the join before it is not known");
    }

    // ---- the log

    private SessionRebuild.Result rebuild(SessionCheckpoint checkpoint) {
        return new SessionRebuild(checkpoint, 10, "", new MemorySource(), new GatewayMetrics("test"), 100, 1000)
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
                0, List.of(guilds), sequence, keptBack, positions, clock, 0, 0);
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

        @Override
        public SessionRebuild.Journal journal(String gatewayId, long run, long fromMillis) {
            Iterator<FanoutJournalEntry> entries = journal.stream()
                    .filter(e -> e.gatewayId().equals(gatewayId) && e.run() == run).toList().iterator();
            return () -> entries.hasNext() ? entries.next() : null;
        }
    }

    // ---- a live routing state, the first gateway: polls partitions in an order of the test's, journals, checkpoints

    /** One session of the live gateway, READY sent (its sequence starts at 1); sheds what it may while congested. */
    private static final class LiveSession extends TestFanoutSession {
        boolean congested;

        LiveSession() {
            super("s1", USER, INTENTS, Shard.ONLY);
            sequenceBase = 1;
        }

        @Override
        public long dispatch(long guildId, Dispatch dispatch) {
            if (congested && dispatch.shedding() != Dispatch.Shedding.NEVER) return 0;
            return super.dispatch(guildId, dispatch);
        }
    }

    /** The first gateway: its routing state over the log, its journal, and its checkpoints of {@link #session}. */
    private final class Live {
        final LiveSession session = new LiveSession();
        private final Map<TopicPartition, Long> positions = new HashMap<>();
        private final FanoutJournal fanoutJournal = new FanoutJournal("gw-dead", 7, journal::add);
        private final List<SessionCheckpoint> checkpoints = new ArrayList<>();
        private final PartitionBook.Assignment assignment;
        private final FanoutRoutes routes;
        private final SessionCheckpoints checkpointer;
        private final FanoutRecords records = new FanoutRecords("");

        Live(Long... guilds) {
            assignment = new PartitionBook.Assignment() {
                @Override
                public void assign(TopicPartition partition, long offset) {
                    positions.put(partition, offset >= 0 ? offset : end(partition));
                }

                @Override
                public void unassign(TopicPartition partition) {
                    positions.remove(partition);
                }

                @Override
                public long position(TopicPartition partition) {
                    return positions.get(partition);
                }
            };
            routes = new FanoutRoutes(TOPICS, assignment, new FanoutRoutes.Effects() {
                @Override
                public void fetchSnapshot(FanoutSession s, long guildId, long leaveEpoch) {
                    throw new AssertionError("no snapshot in these tests");
                }

                @Override
                public void tokensRevoked(long userId, long generation) {
                }

                @Override
                public void sessionChanged(FanoutSession s) {
                }

                @Override
                public void sessionEnded(FanoutSession s) {
                }

                @Override
                public void shed(FanoutSession s) {
                    fanoutJournal.shed(s);
                }
            }, new GatewayMetrics("test"), 100);
            checkpointer = new SessionCheckpoints((user, id, checkpoint) -> {
                checkpoints.add(checkpoint);
                return java.util.concurrent.CompletableFuture.completedFuture(null);
            }, TOPICS, "gw-dead", fanoutJournal, java.time.Duration.ofSeconds(1), java.time.Duration.ofSeconds(60),
                    () -> 0, () -> clock);
            routes.watch(session);
            routes.attach(session, List.of(guilds));
            checkpointer.changed(session);
        }

        /** One poll: up to {@code perPartition} records of each of {@code order}'s partitions, routed in that order. */
        void poll(int perPartition, TopicPartition... order) {
            Map<TopicPartition, List<ConsumerRecord<byte[], byte[]>>> polled = new LinkedHashMap<>();
            for (TopicPartition partition : order) {
                if (!positions.containsKey(partition)) continue;
                long from = positions.get(partition);
                List<ConsumerRecord<byte[], byte[]>> all = log.getOrDefault(partition, List.of());
                List<ConsumerRecord<byte[], byte[]>> taken = all.subList((int) Math.min(from, all.size()),
                        (int) Math.min(from + perPartition, all.size()));
                if (taken.isEmpty()) continue;
                polled.put(partition, List.copyOf(taken));
                positions.put(partition, from + taken.size());
            }
            ConsumerRecords<byte[], byte[]> batch = new ConsumerRecords<>(polled, Map.of());
            for (TopicPartition partition : batch.partitions()) {
                for (ConsumerRecord<byte[], byte[]> record : batch.records(partition)) {
                    records.route(record, routes, (topic, type) -> { });
                }
            }
            fanoutJournal.routed(batch);
        }

        /** Between polls: the session's checkpoint, as the gateway writes it. */
        SessionCheckpoint checkpoint() {
            checkpointer.writeAll(assignment, routes::guildsOf);
            return checkpoints.get(checkpoints.size() - 1);
        }

        /** What the session was handed after sequence number {@code seq}. */
        List<Dispatch> after(long seq) {
            return session.handed.subList((int) (seq - session.sequenceBase), session.handed.size());
        }
    }

    private SessionRebuild.Result rebuild(SessionCheckpoint checkpoint, long clientSequence) {
        return new SessionRebuild(checkpoint, clientSequence, "", new MemorySource(), new GatewayMetrics("test"), 100, 1000)
                .readUntil(this::end);
    }

    /**
     * A client that saw {@code seq} is told exactly what the first gateway handed its session after it, though
     * partitions may interleave differently from there on (the client saw none of it).
     */
    private void assertExact(Live live, SessionCheckpoint checkpoint, long seq) {
        List<Dispatch> told = assertSameSeen(live, checkpoint, seq);
        List<String> expected = new ArrayList<>(types(live.after(seq)));
        List<String> actual = new ArrayList<>(types(told));
        java.util.Collections.sort(expected);
        java.util.Collections.sort(actual);
        assertEquals(expected, actual, "the same dispatches after " + seq);
    }

    /** The rebuild numbers what a client that saw {@code seq} saw as the first gateway did; what it is told after. */
    private List<Dispatch> assertSameSeen(Live live, SessionCheckpoint checkpoint, long seq) {
        SessionRebuild.Result rebuilt = rebuild(checkpoint, seq);
        int seen = (int) (seq - checkpoint.sequence());
        assertEquals(types(live.after(checkpoint.sequence()).subList(0, seen)),
                types(rebuilt.dispatches().subList(0, seen)), "numbered alike up to " + seq);
        List<Dispatch> told = rebuilt.after(seq);
        assertEquals(types(rebuilt.dispatches().subList(seen, rebuilt.dispatches().size())), types(told),
                "told what followed " + seq);
        return told;
    }

    private static List<String> types(List<Dispatch> dispatches) {
        return dispatches == null ? null : dispatches.stream().map(d -> d.type() + " " + new String(d.payload(),
                java.nio.charset.StandardCharsets.UTF_8)).toList();
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
