package dev.parley.gateway.fanout;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.gateway.metrics.GatewayMetrics;
import dev.parley.gateway.protocol.Dispatch;
import dev.parley.gateway.protocol.Intents;
import dev.parley.gateway.protocol.Shard;
import dev.parley.schemas.guild.Guild;
import dev.parley.schemas.guild.GuildEvent;
import dev.parley.schemas.guild.GuildMemberAdded;
import dev.parley.schemas.guild.GuildMemberRemoved;
import dev.parley.schemas.guild.Member;
import dev.parley.schemas.guild.Message;
import dev.parley.schemas.guild.MessageCreated;
import dev.parley.schemas.guild.User;
import dev.parley.schemas.json.Json;
import dev.parley.schemas.presence.PresenceUpdate;
import dev.parley.schemas.query.GuildSnapshot;
import dev.parley.schemas.user.UserGuildJoined;
import dev.parley.schemas.user.UserGuildLeft;
import dev.parley.schemas.user.UserTokensRevoked;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The routing state without a broker: its inputs are fed by hand and its outputs (dispatches, assignment, snapshot
 * fetches, revocations) recorded. Each case is a script of inputs and the dispatches one session must have been
 * handed, in order.
 */
class FanoutRoutesTest {
    private static final long USER = 100;
    private static final long OTHER = 200;
    private static final long GUILD = 10L << 22;
    private static final long SECOND_GUILD = 11L << 22;
    private static final long ALL = Intents.GUILDS | Intents.GUILD_MEMBERS | Intents.GUILD_MESSAGES
            | Intents.MESSAGE_CONTENT | Intents.GUILD_PRESENCES;
    private static final FanoutTopics TOPICS = FanoutTopics.withPrefix("");

    /** One scripted input, fed to a {@link Harness}. */
    private record Step(String name, Consumer<Harness> input) {
        @Override
        public String toString() {
            return name;
        }
    }

    /** A scripted case: the inputs, then what the session of {@link #USER} must have been handed. */
    private record Case(String name, List<Step> steps, List<String> expected) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Case> cases() {
        return Stream.of(
                new Case("a join read from the guild's events subscribes, then its events follow",
                        List.of(watch(), joinedInGuildEvents(GUILD), message(GUILD, 1)),
                        List.of("GUILD_CREATE " + GUILD, "MESSAGE_CREATE " + GUILD + " #1")),
                new Case("nothing of a guild is delivered before its join",
                        List.of(watch(), message(GUILD, 1), joinedInGuildEvents(GUILD), message(GUILD, 2)),
                        List.of("GUILD_CREATE " + GUILD, "MESSAGE_CREATE " + GUILD + " #2")),
                new Case("a removal from the guild's events ends delivery with GUILD_DELETE",
                        List.of(watch(), attach(GUILD), message(GUILD, 1), removedInGuildEvents(GUILD), message(GUILD, 2)),
                        List.of("MESSAGE_CREATE " + GUILD + " #1", "GUILD_DELETE " + GUILD)),
                new Case("a leave from the user's events ends delivery the same way",
                        List.of(watch(), attach(GUILD), message(GUILD, 1), leftInUserEvents(GUILD), message(GUILD, 2)),
                        List.of("MESSAGE_CREATE " + GUILD + " #1", "GUILD_DELETE " + GUILD)),
                new Case("a leave seen twice (guild's events, then user's) sends one GUILD_DELETE",
                        List.of(watch(), attach(GUILD), removedInGuildEvents(GUILD), leftInUserEvents(GUILD)),
                        List.of("GUILD_DELETE " + GUILD)),
                new Case("a rejoin after a leave delivers again from the rejoin",
                        List.of(watch(), attach(GUILD), removedInGuildEvents(GUILD), message(GUILD, 1),
                                joinedInGuildEvents(GUILD), message(GUILD, 2)),
                        List.of("GUILD_DELETE " + GUILD, "GUILD_CREATE " + GUILD, "MESSAGE_CREATE " + GUILD + " #2")),
                new Case("the user's events' join whose guild partition is still ahead waits for the guild's events",
                        List.of(watch(), position(GUILD, 5), joinedInUserEvents(GUILD, 7), joinedInGuildEvents(GUILD),
                                message(GUILD, 1)),
                        List.of("GUILD_CREATE " + GUILD, "MESSAGE_CREATE " + GUILD + " #1")),
                new Case("the user's events' join read past is announced from a snapshot",
                        List.of(watch(), attach(SECOND_GUILD), position(GUILD, 9), joinedInUserEvents(GUILD, 7),
                                snapshotArrives(GUILD, 0), message(GUILD, 1)),
                        List.of("GUILD_CREATE " + GUILD, "MESSAGE_CREATE " + GUILD + " #1")),
                new Case("a snapshot fetched before a leave is stale and ignored",
                        List.of(watch(), attach(SECOND_GUILD), position(GUILD, 9), joinedInUserEvents(GUILD, 7),
                                leftInUserEvents(SECOND_GUILD), snapshotArrives(GUILD, 0), message(GUILD, 1)),
                        List.of("GUILD_DELETE " + SECOND_GUILD)),
                new Case("a snapshot arriving after the live join sends no second GUILD_CREATE",
                        List.of(watch(), attach(SECOND_GUILD), position(GUILD, 9), joinedInUserEvents(GUILD, 7),
                                joinedInGuildEvents(GUILD), snapshotArrives(GUILD, 0)),
                        List.of("GUILD_CREATE " + GUILD)),
                new Case("a snapshot for an ended session subscribes nothing",
                        List.of(watch(), attach(SECOND_GUILD), position(GUILD, 9), joinedInUserEvents(GUILD, 7),
                                endSession(), snapshotArrives(GUILD, 0), message(GUILD, 1)),
                        List.of()),
                new Case("a guild the reads showed the user is not in is dropped at start",
                        List.of(watch(), attach(GUILD, SECOND_GUILD), start(SECOND_GUILD), message(SECOND_GUILD, 1),
                                message(GUILD, 2)),
                        List.of("MESSAGE_CREATE " + GUILD + " #2")),
                new Case("a replayed message is delivered once",
                        List.of(watch(), attach(GUILD), message(GUILD, 1), message(GUILD, 1), message(GUILD, 2)),
                        List.of("MESSAGE_CREATE " + GUILD + " #1", "MESSAGE_CREATE " + GUILD + " #2")),
                new Case("another user's join does not subscribe this session; it hears of it as a member event",
                        List.of(watch(), attach(GUILD), otherJoined(GUILD)),
                        List.of("GUILD_MEMBER_ADD " + GUILD)),
                new Case("presences of others are delivered; the user's own are not",
                        List.of(watch(), attach(GUILD), presence(GUILD, OTHER), presence(GUILD, USER)),
                        List.of("PRESENCE_UPDATE " + GUILD)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void shouldHandTheSessionExactlyTheScriptedDispatches(Case scripted) {
        Harness harness = new Harness();
        for (Step step : scripted.steps()) step.input().accept(harness);
        assertEquals(scripted.expected(), harness.session.received);
    }

    @Test
    void shouldReadAPartitionWhileAnythingNeedsItAndReleaseItAfter() {
        Harness harness = new Harness();
        watch().input().accept(harness);
        attach(GUILD).input().accept(harness);
        assertEquals(Set.of(TOPICS.userPartition(USER), TOPICS.guildPartition(GUILD), TOPICS.presencePartition(GUILD)),
                harness.assignment.assigned.keySet());

        removedInGuildEvents(GUILD).input().accept(harness);
        assertEquals(Set.of(TOPICS.userPartition(USER)), harness.assignment.assigned.keySet());

        position(SECOND_GUILD, 3).input().accept(harness);
        joinedInUserEvents(SECOND_GUILD, 4).input().accept(harness);
        assertEquals(4L, harness.assignment.assigned.get(TOPICS.guildPartition(SECOND_GUILD)),
                "a join on its way is read from its own offset");

        endSession().input().accept(harness);
        assertEquals(Map.of(), harness.assignment.assigned, "an ended session's user, guilds and pending joins let go");
    }

    @Test
    void shouldForgetWhatTheSessionKeptBackOfAGuildItLeaves() {
        Harness harness = new Harness();
        watch().input().accept(harness);
        attach(GUILD).input().accept(harness);
        leftInUserEvents(GUILD).input().accept(harness);
        assertEquals(List.of(GUILD), harness.session.forgotten);
    }

    @Test
    void shouldGiveMessageContentOnlyToSessionsWithTheIntentOrConcerned() {
        Harness harness = new Harness();
        RecordingSession withoutContent = new RecordingSession("s2", 300, ALL & ~Intents.MESSAGE_CONTENT, Shard.ONLY);
        harness.routes.watch(harness.session);
        harness.routes.watch(withoutContent);
        harness.routes.attach(harness.session, List.of(GUILD));
        harness.routes.attach(withoutContent, List.of(GUILD));
        message(GUILD, 1).input().accept(harness);
        assertEquals("hello #1", harness.session.contents.get(0));
        assertEquals("", withoutContent.contents.get(0), "neither the author nor mentioned");
    }

    @Test
    void shouldSubscribeOnlySessionsWhoseShardHoldsTheGuild() {
        Harness harness = new Harness();
        RecordingSession otherShard = new RecordingSession("s2", USER, ALL, new Shard(1, 2));
        harness.routes.watch(otherShard);
        joinedInGuildEvents(GUILD).input().accept(harness);
        assertEquals(List.of(), otherShard.received, "guild " + GUILD + " is in shard 0 of 2");
    }

    @Test
    void shouldTellTheCheckpointsOfEveryChangeOfASessionsGuildsAndOfItsEnd() {
        Harness harness = new Harness();
        watch().input().accept(harness);
        attach(GUILD).input().accept(harness);
        message(GUILD, 1).input().accept(harness);
        leftInUserEvents(GUILD).input().accept(harness);
        assertEquals(List.of("s1", "s1", "s1"), harness.changed, "watched, subscribed, unsubscribed; not per message");
        endSession().input().accept(harness);
        assertEquals(List.of("s1"), harness.ended);
    }

    @Test
    void shouldPassRevocationsOn() {
        Harness harness = new Harness();
        harness.routes.userEvent(new UserTokensRevoked(USER, 3));
        assertEquals(List.of(USER + "@3"), harness.revocations);
    }

    /**
     * What makes resuming anywhere possible: a second routing state given the session's guilds at a point of the
     * stream, then the records after it, hands the session exactly what the first handed it after that point.
     */
    @Test
    void shouldYieldTheSameDispatchesWhenTheSameRecordsAreReplayedFromAPoint() {
        List<Step> before = List.of(watch(), attach(GUILD), message(GUILD, 1), presence(GUILD, OTHER));
        List<Step> after = List.of(message(GUILD, 2), otherJoined(GUILD), joinedInGuildEvents(SECOND_GUILD),
                message(SECOND_GUILD, 3), presence(SECOND_GUILD, OTHER), removedInGuildEvents(GUILD), message(GUILD, 4),
                message(SECOND_GUILD, 5));
        Harness live = new Harness();
        before.forEach(step -> step.input().accept(live));
        int point = live.session.received.size();
        Set<Long> guildsAtPoint = Set.copyOf(live.routes.guildsOf(live.session));
        after.forEach(step -> step.input().accept(live));

        Harness rebuilt = new Harness();
        rebuilt.routes.watch(rebuilt.session);
        rebuilt.routes.attach(rebuilt.session, guildsAtPoint);
        after.forEach(step -> step.input().accept(rebuilt));

        assertEquals(live.session.received.subList(point, live.session.received.size()), rebuilt.session.received);
        assertTrue(rebuilt.session.received.size() >= 6, "the replay covered joins, leaves and messages");
    }

    // ---- inputs

    private static Step watch() {
        return new Step("watch", h -> h.routes.watch(h.session));
    }

    private static Step attach(Long... guilds) {
        return new Step("attach " + List.of(guilds), h -> h.routes.attach(h.session, List.of(guilds)));
    }

    private static Step start(Long... notMember) {
        return new Step("start without " + List.of(notMember), h -> h.routes.start(h.session, Set.of(notMember)));
    }

    private static Step endSession() {
        return new Step("end", h -> {
            h.session.ended = true;
            h.routes.end(h.session);
        });
    }

    private static Step position(long guild, long offset) {
        return new Step("guild partition at " + offset, h -> h.assignment.positions.put(TOPICS.guildPartition(guild), offset));
    }

    private static Step joinedInGuildEvents(long guild) {
        return new Step("GuildMemberAdded " + guild, h -> h.guildEvent(new GuildMemberAdded("join-" + h.nextRequest(),
                guild, member(USER), guild(guild))));
    }

    private static Step otherJoined(long guild) {
        return new Step("GuildMemberAdded(other) " + guild, h -> h.guildEvent(new GuildMemberAdded("join-" + h.nextRequest(),
                guild, member(OTHER), guild(guild))));
    }

    private static Step removedInGuildEvents(long guild) {
        return new Step("GuildMemberRemoved " + guild, h -> h.guildEvent(new GuildMemberRemoved("remove-" + h.nextRequest(),
                guild, User.of(USER, "user", false), false)));
    }

    private static Step leftInUserEvents(long guild) {
        return new Step("UserGuildLeft " + guild, h -> h.routes.userEvent(new UserGuildLeft(USER, guild)));
    }

    private static Step joinedInUserEvents(long guild, long offset) {
        return new Step("UserGuildJoined " + guild + "@" + offset, h -> h.routes.userEvent(
                new UserGuildJoined(USER, guild, TOPICS.guildPartition(guild).partition(), offset)));
    }

    private static Step snapshotArrives(long guild, long leaveEpoch) {
        return new Step("snapshot " + guild, h -> {
            assertTrue(h.fetches.contains(guild + "@" + leaveEpoch), "the snapshot was asked for: " + h.fetches);
            h.routes.snapshotArrived(h.session, guild, leaveEpoch,
                    new GuildSnapshot(guild(guild), List.of(member(USER)), List.of()));
        });
    }

    private static Step message(long guild, int n) {
        return new Step("MESSAGE_CREATE #" + n, h -> {
            Message message = new Message(5000 + n, 77, guild, User.of(OTHER, "author", false), null, "hello #" + n,
                    "2026-12-02T00:00:00.000000+00:00", null, false, false, List.of(), List.of(), List.of(), List.of(),
                    false, 0, null);
            h.guildEvent(new MessageCreated("post-" + n, guild, message));
        });
    }

    private static Step presence(long guild, long user) {
        return new Step("presence of " + user, h -> h.routes.presence(new PresenceUpdate(guild, User.of(user, "u", false),
                "online", List.of(), Map.of()), 0));
    }

    private static Member member(long user) {
        return Member.joined(User.of(user, "user" + user, false), "2026-12-02T00:00:00.000000+00:00");
    }

    private static Guild guild(long id) {
        return new Guild(id, "G" + id, null, OTHER, List.of(), List.of(), 2);
    }

    // ---- the harness

    /** A routing state with a fake assignment and recorded effects, and the session of {@link #USER}. */
    private static final class Harness {
        final FakeAssignment assignment = new FakeAssignment();
        final List<String> fetches = new ArrayList<>();
        final List<String> revocations = new ArrayList<>();
        final List<String> changed = new ArrayList<>();
        final List<String> ended = new ArrayList<>();
        final RecordingSession session = new RecordingSession("s1", USER, ALL, Shard.ONLY);
        final FanoutRoutes routes = new FanoutRoutes(TOPICS, assignment, new FanoutRoutes.Effects() {
            @Override
            public void fetchSnapshot(FanoutSession s, long guildId, long leaveEpoch) {
                fetches.add(guildId + "@" + leaveEpoch);
            }

            @Override
            public void tokensRevoked(long userId, long generation) {
                revocations.add(userId + "@" + generation);
            }

            @Override
            public void sessionChanged(FanoutSession s) {
                changed.add(s.id());
            }

            @Override
            public void sessionEnded(FanoutSession s) {
                ended.add(s.id());
            }

            @Override
            public void shed(FanoutSession session) {
            }
        }, new GatewayMetrics("test"), 100);
        private int requests;

        int nextRequest() {
            return ++requests;
        }

        void guildEvent(GuildEvent event) {
            byte[] bytes;
            try {
                bytes = Json.MAPPER.writeValueAsBytes(event);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            routes.guildEvent(TOPICS.guildPartition(event.guildId()).partition(), event, bytes, 0);
        }
    }

    /** A session that records what it is handed: "TYPE guild", with " #n" for a message's number. */
    private static final class RecordingSession extends TestFanoutSession {
        final List<String> received = new ArrayList<>();
        final List<String> contents = new ArrayList<>();

        RecordingSession(String id, long userId, long intents, Shard shard) {
            super(id, userId, intents, shard);
        }

        @Override
        void handedOf(long guildId, Dispatch dispatch) {
            String entry = dispatch.type() + " " + guildId;
            if (dispatch.type().equals("MESSAGE_CREATE")) {
                JsonNode d = read(dispatch.payload());
                entry += " #" + (d.get("id").asLong() - 5000);
                contents.add(d.get("content").asText());
            }
            received.add(entry);
        }

        private static JsonNode read(byte[] payload) {
            try {
                return Json.MAPPER.readTree(payload);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
