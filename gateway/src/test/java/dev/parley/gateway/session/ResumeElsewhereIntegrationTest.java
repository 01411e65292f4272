package dev.parley.gateway.session;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.gateway.Gateway;
import dev.parley.gateway.GatewaySettings;
import dev.parley.gateway.protocol.Intents;
import dev.parley.gateway.testing.GatewayFixture;
import dev.parley.gateway.testing.GatewayTestClient;
import dev.parley.gateway.testing.TestUsers;
import dev.parley.kafka.testkit.Eventually;
import dev.parley.kafka.testkit.KafkaBrokerExtension;
import dev.parley.kafka.testkit.TestKafka;
import dev.parley.schemas.Partitioning;
import dev.parley.schemas.query.StateQueryApi;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A session resumed on another gateway, on real gateways, state apps and broker: after its gateway drained (RECONNECT)
 * and after it was killed, the client's RESUME on a second gateway gets every message posted meanwhile, once, in
 * order, with consecutive {@code s}, then RESUMED, then live messages; while its gateway is alive, INVALID_SESSION.
 */
@ExtendWith(KafkaBrokerExtension.class)
class ResumeElsewhereIntegrationTest {
    private static final long INTENTS = Intents.GUILDS | Intents.GUILD_MESSAGES | Intents.MESSAGE_CONTENT;
    private static final Duration CHECKPOINTS = Duration.ofMillis(200);
    private static GatewayFixture fixture;
    private static TestUsers users;

    @BeforeAll
    static void start(TestKafka kafka, @TempDir Path state) {
        fixture = GatewayFixture.start(kafka, state, settings -> settings
                .with(GatewaySettings.SESSION_CHECKPOINT_INTERVAL, CHECKPOINTS)
                .with(GatewaySettings.HOLDER_TIMEOUT, Duration.ofMillis(1500))
                .with(GatewaySettings.DRAIN_TIMEOUT, Duration.ofSeconds(1)));
        users = new TestUsers(fixture);
    }

    @AfterAll
    static void stop() {
        if (fixture != null) fixture.close();
    }

    /** A user's session on a gateway of its own, in a guild of its own, after one message: where it stands. */
    private record Held(TestUsers.Account user, String channel, Gateway gateway, GatewayTestClient client,
                        String sessionId, long seq) {
        static Held start(String name) {
            TestUsers.Account user = users.register(name);
            String channel = channelOf(users.createGuild(user, name));
            Gateway gateway = fixture.startAnotherGateway(s -> s);
            GatewayTestClient client = GatewayFixture.connect(gateway, "");
            client.expectOp(10);
            String sessionId = client.identify(user.token(), INTENTS).get("d").get("session_id").asText();
            client.awaitDispatch("GUILD_CREATE");
            users.post(user, channel, "before");
            long seq = client.awaitDispatch("MESSAGE_CREATE").get("s").asLong();
            return new Held(user, channel, gateway, client, sessionId, seq);
        }
    }

    @Test
    void shouldResumeOnAnotherGatewayAfterItsGatewayDrained() {
        Held held = Held.start("drained");
        held.gateway().close(); // drains: the client is told to reconnect
        held.client().expectOp(7);
        held.client().close();
        List<String> missed = postAll(held.user(), held.channel(), "missed-1", "missed-2", "missed-3");

        resumeAndExpect(held, missed);
    }

    @Test
    void shouldResumeOnAnotherGatewayAfterItsGatewayWasKilled() {
        Held held = Held.start("killed");
        Eventually.await(Duration.ofSeconds(10), "a checkpoint at the client's seq",
                () -> checkpointSequence(held.user(), held.sessionId()) == held.seq() ? true : null);
        held.gateway().halt(); // as SIGKILL: no RECONNECT, no last checkpoint, no session end announced
        held.client().abort();
        List<String> missed = postAll(held.user(), held.channel(), "missed-1", "missed-2", "missed-3");

        resumeAndExpect(held, missed);
    }

    @Test
    void shouldResumeAClientThatSawPastItsCheckpointInGuildsOfTwoPartitionsAfterAKill() {
        TestUsers.Account dave = users.register("ahead");
        JsonNode firstGuild = users.createGuild(dave, "ahead-1");
        String first = channelOf(firstGuild);
        String second = null;
        for (int tries = 0; second == null; tries++) {
            assertTrue(tries < 50, "a guild in another partition");
            JsonNode guild = users.createGuild(dave, "ahead-" + (tries + 2));
            if (partitionOf(guild) != partitionOf(firstGuild)) second = channelOf(guild);
        }
        // checkpoints only when the session's guilds change: the client gets ahead of the last one
        Gateway gateway = fixture.startAnotherGateway(s -> s
                .with(GatewaySettings.SESSION_CHECKPOINT_INTERVAL, Duration.ofHours(1))
                .with(GatewaySettings.SESSION_CHECKPOINT_REFRESH, Duration.ofHours(1)));
        GatewayTestClient client = GatewayFixture.connect(gateway, "");
        client.expectOp(10);
        String sessionId = client.identify(dave.token(), INTENTS).get("d").get("session_id").asText();
        client.awaitDispatch("GUILD_CREATE");
        client.awaitDispatch("GUILD_CREATE");
        Eventually.await(Duration.ofSeconds(10), "the session's checkpoint at READY",
                () -> checkpointSequence(dave, sessionId) > 0 ? true : null);
        long checkpointed = checkpointSequence(dave, sessionId);
        List<String> seen = postAll(dave, first, "seen-1", "seen-2");
        seen.addAll(postAll(dave, second, "seen-3", "seen-4"));
        long seq = 0;
        for (int n = 0; n < seen.size(); n++) seq = client.awaitDispatch("MESSAGE_CREATE").get("s").asLong();
        assertTrue(seq > checkpointed + 1, "the client saw past the checkpoint: " + seq + " > " + checkpointed);
        Eventually.await(Duration.ofSeconds(10), "the journal of what the client saw acknowledged",
                () -> gauge(gateway, "parley_gateway_fanout_journal_pending") == 0 ? true : null);
        gateway.halt();
        client.abort();
        List<String> missed = postAll(dave, second, "missed-1");
        missed.addAll(postAll(dave, first, "missed-2"));

        double rebuiltBefore = resumes("rebuilt");
        resumeAndExpect(new Held(dave, first, gateway, client, sessionId, seq), missed);
        Eventually.await(Duration.ofSeconds(10), "the resume counted as rebuilt (counted once RESUMED is sent)",
                () -> resumes("rebuilt") == rebuiltBefore + 1 ? true : null);
    }

    @Test
    void shouldNotTakeASessionWhoseGatewayIsAlive() {
        TestUsers.Account carol = users.register("alive");
        Gateway first = fixture.startAnotherGateway(s -> s);
        try (GatewayTestClient client = GatewayFixture.connect(first, "");
             GatewayTestClient elsewhere = fixture.hello()) {
            client.expectOp(10);
            String sessionId = client.identify(carol.token(), INTENTS).get("d").get("session_id").asText();
            Eventually.await(Duration.ofSeconds(10), "the session's first checkpoint",
                    () -> checkpointSequence(carol, sessionId) == 1 ? true : null);
            double refusedBefore = resumes("holder_alive");
            elsewhere.send(resume(carol, sessionId, 1));
            assertEquals(false, elsewhere.expectOp(9).get("d").asBoolean(), "INVALID_SESSION: its gateway holds it");
            assertEquals(refusedBefore + 1, resumes("holder_alive"), "refused because its gateway is alive");
        } finally {
            first.close();
        }
    }

    /** The client resumes on the fixture's gateway: the missed messages, RESUMED, then a live one, s consecutive. */
    private static void resumeAndExpect(Held held, List<String> missed) {
        try (GatewayTestClient again = fixture.hello()) {
            again.send(resume(held.user(), held.sessionId(), held.seq()));
            long expected = held.seq();
            for (String content : missed) {
                JsonNode message = again.awaitDispatch("MESSAGE_CREATE");
                assertEquals(content, message.get("d").get("content").asText(), "missed messages in order, once");
                assertEquals(++expected, message.get("s").asLong(), "consecutive s");
            }
            JsonNode resumed = again.next();
            assertEquals("RESUMED", resumed.path("t").asText(), "RESUMED after what was missed: " + resumed);
            assertEquals(++expected, resumed.get("s").asLong());
            users.post(held.user(), held.channel(), "live");
            JsonNode live = again.awaitDispatch("MESSAGE_CREATE");
            assertEquals("live", live.get("d").get("content").asText());
            assertEquals(++expected, live.get("s").asLong());
        }
    }

    private static List<String> postAll(TestUsers.Account author, String channel, String... contents) {
        List<String> posted = new ArrayList<>();
        for (String content : contents) {
            users.post(author, channel, content);
            posted.add(content);
        }
        return posted;
    }

    private static String resume(TestUsers.Account user, String sessionId, long seq) {
        return "{\"op\":6,\"d\":{\"token\":\"" + user.token() + "\",\"session_id\":\"" + sessionId + "\",\"seq\":" + seq + "}}";
    }

    private static String channelOf(JsonNode guild) {
        return guild.get("channels").get(0).get("id").asText();
    }

    /** The sequence number of the session's checkpoint in the state query API; -1 when there is none. */
    private static long checkpointSequence(TestUsers.Account user, String sessionId) {
        var response = GatewayFixture.request("GET", fixture.queryUrl()
                + StateQueryApi.sessionCheckpoint(Long.parseLong(user.id()), sessionId), GatewayFixture.clusterAuthorization());
        return response.statusCode() == 200 ? GatewayFixture.json(response.body()).get("sequence").asLong() : -1;
    }

    private static int partitionOf(JsonNode guild) {
        return Partitioning.guildPartition(guild.get("id").asLong());
    }

    /** A gauge of {@code gateway}'s metrics. */
    private static double gauge(Gateway gateway, String name) {
        return gateway.metrics().scrape().lines().filter(l -> l.startsWith(name + " ") || l.startsWith(name + "{"))
                .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).sum();
    }

    /** The fixture gateway's {@code parley_gateway_resumes_total} of {@code outcome}. */
    private static double resumes(String outcome) {
        return fixture.gateway().metrics().scrape().lines()
                .filter(l -> l.startsWith("parley_gateway_resumes_total{") && l.contains("outcome=\"" + outcome + "\""))
                .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).sum();
    }
}
