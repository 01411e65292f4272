package dev.parley.streams.presence;

import dev.parley.config.Settings;
import dev.parley.schemas.Topics;
import dev.parley.schemas.guild.User;
import dev.parley.schemas.presence.PresenceUpdate;
import dev.parley.schemas.session.Activity;
import dev.parley.schemas.session.ClientProperties;
import dev.parley.schemas.session.GatewayHeartbeat;
import dev.parley.schemas.session.Presence;
import dev.parley.schemas.session.SessionEnded;
import dev.parley.schemas.session.SessionEvent;
import dev.parley.schemas.session.SessionPresenceChanged;
import dev.parley.schemas.session.SessionStarted;
import dev.parley.schemas.user.UserEvent;
import dev.parley.schemas.user.UserGuildJoined;
import dev.parley.schemas.user.UserUpdated;
import dev.parley.streams.StreamsAppContext;
import dev.parley.streams.StreamsApps;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PresenceTopologyTest {
    private static final String PREFIX = "test.";
    private static final Instant START = Instant.parse("2026-11-28T10:00:00Z");
    private static final User ALICE = User.of(1, "alice", false);
    private static final ClientProperties DESKTOP = new ClientProperties("linux", "parley", "parley");
    private static final ClientProperties MOBILE = new ClientProperties("ios", "Discord iOS", "iphone");
    private static final long GUILD_A = 10;
    private static final long GUILD_B = 20;

    @TempDir
    Path stateDir;
    private TopologyTestDriver driver;
    private TestInputTopic<Long, SessionEvent> sessions;
    private TestInputTopic<Long, UserEvent> users;
    private TestInputTopic<String, GatewayHeartbeat> heartbeats;
    private TestOutputTopic<Long, PresenceUpdate> updates;
    private long at = START.toEpochMilli();

    @BeforeEach
    void start() {
        var context = new StreamsAppContext("unused:9092", PREFIX, stateDir, Settings.defaults()
                .with(PresenceSettings.GATEWAY_TIMEOUT, Duration.ofSeconds(3))
                .with(PresenceSettings.CHECK_INTERVAL, Duration.ofMillis(500)), null);
        var config = PresenceTopology.config(context);
        var builder = StreamsApps.builder(config);
        PresenceTopology.build(builder, context);
        driver = new TopologyTestDriver(builder.build(config), config, START);
        var s = Topics.SESSION_EVENTS.withPrefix(PREFIX);
        var u = Topics.USER_EVENTS.withPrefix(PREFIX);
        var h = Topics.GATEWAY_HEARTBEATS.withPrefix(PREFIX);
        var p = Topics.PRESENCE_UPDATES.withPrefix(PREFIX);
        sessions = driver.createInputTopic(s.name(), s.keySerde().serializer(), s.valueSerde().serializer());
        users = driver.createInputTopic(u.name(), u.keySerde().serializer(), u.valueSerde().serializer());
        heartbeats = driver.createInputTopic(h.name(), h.keySerde().serializer(), h.valueSerde().serializer());
        updates = driver.createOutputTopic(p.name(), p.keySerde().deserializer(), p.valueSerde().deserializer());
        users.pipeInput(1L, new UserGuildJoined(1, GUILD_A, 0, 0));
        users.pipeInput(1L, new UserGuildJoined(1, GUILD_B, 0, 1));
    }

    @AfterEach
    void stop() {
        driver.close();
    }

    @Test
    void shouldAnnounceAUserComingOnlineToEachOfTheirGuildsOnce() {
        start("s1", "gw-1", "online", DESKTOP);
        var announced = updates.readKeyValuesToList();
        assertEquals(List.of(GUILD_A, GUILD_B), announced.stream().map(kv -> kv.key).toList());
        PresenceUpdate update = announced.get(0).value;
        assertEquals("online", update.status());
        assertEquals(Map.of("desktop", "online"), update.clientStatus());
        assertEquals(ALICE, update.user());

        start("s2", "gw-2", "online", DESKTOP);
        assertTrue(updates.isEmpty(), "a second session changing nothing is not announced");
    }

    @Test
    void shouldLetTheMostRecentlyUpdatedSessionDecideAndReportEachPlatform() {
        start("s1", "gw-1", "online", DESKTOP);
        start("s2", "gw-2", "online", MOBILE);
        updates.readValuesToList();
        sessions.pipeInput(1L, new SessionPresenceChanged(1, "s2", "gw-2", ++at,
                new Presence("idle", List.of(new Activity("Tea", 4, "brewing", null)), true, at), "mobile"));
        PresenceUpdate idle = updates.readValuesToList().get(0);
        assertEquals("idle", idle.status());
        assertEquals("brewing", idle.activities().get(0).state());
        assertEquals(Map.of("desktop", "online", "mobile", "idle"), idle.clientStatus());

        sessions.pipeInput(1L, new SessionPresenceChanged(1, "s1", "gw-1", ++at, new Presence("dnd", List.of(), false, null), "desktop"));
        assertEquals("dnd", updates.readValuesToList().get(0).status());
    }

    @Test
    void shouldShowInvisibleAsOfflineAndGoOfflineWhenTheLastSessionEnds() {
        start("s1", "gw-1", "online", DESKTOP);
        updates.readValuesToList();
        sessions.pipeInput(1L, new SessionPresenceChanged(1, "s1", "gw-1", ++at, new Presence("invisible", List.of(), false, null), "desktop"));
        PresenceUpdate invisible = updates.readValuesToList().get(0);
        assertEquals("offline", invisible.status());
        assertEquals(Map.of(), invisible.clientStatus());
        sessions.pipeInput(1L, new SessionPresenceChanged(1, "s1", "gw-1", ++at, Presence.online(), "desktop"));
        updates.readValuesToList();

        start("s2", "gw-1", "online", MOBILE);
        assertEquals(Map.of("desktop", "online", "mobile", "online"), updates.readValuesToList().get(0).clientStatus());
        sessions.pipeInput(1L, new SessionEnded(1, "s1", "gw-1", ++at, "closed"));
        assertEquals(Map.of("mobile", "online"), updates.readValuesToList().get(0).clientStatus());
        sessions.pipeInput(1L, new SessionEnded(1, "s2", "gw-1", ++at, "closed"));
        List<PresenceUpdate> last = updates.readValuesToList();
        assertEquals(2, last.size());
        assertEquals("offline", last.get(0).status());
        KeyValueStore<Long, PresenceState> store = driver.getKeyValueStore(PresenceStores.SESSIONS);
        assertTrue(store.get(1L).sessions().isEmpty());
    }

    @Test
    void shouldMarkUsersOfflineWhenTheirOnlyGatewayStopsHeartbeating() {
        User bob = User.of(2, "bob", false);
        users.pipeInput(2L, new UserGuildJoined(2, GUILD_A, 0, 2));
        heartbeats.pipeInput("gw-1", new GatewayHeartbeat("gw-1", at, 1000, 0, null));
        heartbeats.pipeInput("gw-2", new GatewayHeartbeat("gw-2", at, 1000, 0, null));
        start("s1", "gw-1", "online", DESKTOP);
        sessions.pipeInput(2L, new SessionStarted(2, "b1", "gw-1", ++at, bob, Presence.online(), DESKTOP));
        sessions.pipeInput(2L, new SessionStarted(2, "b2", "gw-2", ++at, bob, Presence.online(), DESKTOP));
        updates.readValuesToList();

        driver.advanceWallClockTime(Duration.ofSeconds(2));
        heartbeats.pipeInput("gw-2", new GatewayHeartbeat("gw-2", at, 1000, 0, null));
        assertTrue(updates.isEmpty(), "within the timeout nothing happens");
        driver.advanceWallClockTime(Duration.ofMillis(1500));

        List<PresenceUpdate> after = updates.readValuesToList();
        assertEquals(2, after.size(), "alice, whose only gateway died, goes offline in both guilds: " + after);
        assertTrue(after.stream().allMatch(u -> u.user().id() == 1 && u.status().equals("offline")));
        KeyValueStore<Long, PresenceState> store = driver.getKeyValueStore(PresenceStores.SESSIONS);
        assertEquals(List.of("b2"), List.copyOf(store.get(2L).sessions().keySet()), "bob keeps his session on gw-2");

        driver.advanceWallClockTime(Duration.ofMillis(600));
        assertTrue(updates.isEmpty(), "a dead gateway stays dead");
        heartbeats.pipeInput("gw-1", new GatewayHeartbeat("gw-1", at, 1000, 0, null));
        driver.advanceWallClockTime(Duration.ofMillis(600));
        assertTrue(updates.isEmpty(), "the gateway came back, its stale session did not");
        sessions.pipeInput(1L, new SessionPresenceChanged(1, "s1", "gw-1", ++at, new Presence("idle", List.of(), false, null),
                "desktop"));
        assertEquals("idle", updates.readValuesToList().get(0).status(),
                "a live client of the revived gateway comes back with its next change");
    }

    @Test
    void shouldTakeAwayTheSessionsOfAGatewaysEarlierRunOnceItRestartedUnderTheSameId() {
        long firstRun = at - 60_000;
        heartbeats.pipeInput("gw-1", new GatewayHeartbeat("gw-1", at, 1000, 0, firstRun));
        start("s1", "gw-1", "online", DESKTOP);
        updates.readValuesToList();
        driver.advanceWallClockTime(Duration.ofMillis(600));
        assertTrue(updates.isEmpty(), "the same run beating: alice stays online");

        long secondRun = ++at; // killed and started again before this task noticed the silence
        heartbeats.pipeInput("gw-1", new GatewayHeartbeat("gw-1", at, 1000, 0, secondRun));
        driver.advanceWallClockTime(Duration.ofMillis(600));
        List<PresenceUpdate> after = updates.readValuesToList();
        assertEquals(2, after.size(), "alice's session was the earlier run's: offline in both guilds: " + after);
        assertTrue(after.stream().allMatch(u -> u.user().id() == 1 && u.status().equals("offline")));

        start("s2", "gw-1", "online", DESKTOP); // a session of the new run
        updates.readValuesToList();
        heartbeats.pipeInput("gw-1", new GatewayHeartbeat("gw-1", ++at, 1000, 0, secondRun));
        driver.advanceWallClockTime(Duration.ofMillis(600));
        assertTrue(updates.isEmpty(), "the new run's sessions stay");
        assertEquals(List.of("s2"), List.copyOf(driver.<Long, PresenceState>getKeyValueStore(PresenceStores.SESSIONS)
                .get(1L).sessions().keySet()));
    }

    @Test
    void shouldKeepAStoppedGatewayStoppedWhenAnOlderHeartbeatArrivesAfterItsTombstone() {
        heartbeats.pipeInput("gw-1", new GatewayHeartbeat("gw-1", at, 1000, 0, null), START.plusSeconds(10));
        start("s1", "gw-1", "online", DESKTOP);
        updates.readValuesToList();

        heartbeats.pipeInput("gw-1", null, START.plusSeconds(12)); // stopped cleanly: a tombstone in every partition
        // a heartbeat sent before it, through the other partition, that was stalled behind a dead broker
        heartbeats.pipeInput("gw-1", new GatewayHeartbeat("gw-1", at, 1000, 0, null), START.plusSeconds(11));
        driver.advanceWallClockTime(Duration.ofMillis(600));
        List<PresenceUpdate> after = updates.readValuesToList();
        assertEquals(2, after.size(), "the stopped gateway's user goes offline in both guilds: " + after);
        assertTrue(after.stream().allMatch(u -> u.status().equals("offline")));

        heartbeats.pipeInput("gw-1", new GatewayHeartbeat("gw-1", at, 1000, 0, null), START.plusSeconds(13));
        start("s2", "gw-1", "online", DESKTOP);
        driver.advanceWallClockTime(Duration.ofMillis(600));
        assertEquals("online", updates.readValuesToList().get(0).status(), "a newer heartbeat: it runs again");
        assertTrue(updates.isEmpty());
    }

    @Test
    void shouldCarryARenamedUserInTheirNextPresences() {
        start("s1", "gw-1", "online", DESKTOP);
        updates.readValuesToList();
        User renamed = new User(1, "alicia", "Alicia", "0", null, false);
        users.pipeInput(1L, new UserUpdated(1, renamed));
        List<PresenceUpdate> announced = updates.readValuesToList();
        assertEquals(2, announced.size());
        assertEquals(renamed, announced.get(0).user());
    }

    private void start(String sessionId, String gatewayId, String status, ClientProperties properties) {
        sessions.pipeInput(1L, new SessionStarted(1, sessionId, gatewayId, ++at, ALICE,
                new Presence(status, List.of(), false, null), properties));
    }
}
