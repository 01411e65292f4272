package dev.parley.gateway.session;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.gateway.GatewaySettings;
import dev.parley.gateway.auth.Tokens;
import dev.parley.gateway.protocol.Intents;
import dev.parley.gateway.testing.GatewayFixture;
import dev.parley.gateway.testing.GatewayTestClient;
import dev.parley.kafka.testkit.KafkaBrokerExtension;
import dev.parley.kafka.testkit.TestKafka;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static dev.parley.gateway.testing.GatewayTestClient.identifyPayload;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Gateway v10 sessions over real sockets, against a real gateway, real state apps and a real broker. */
@ExtendWith(KafkaBrokerExtension.class)
class GatewaySessionIntegrationTest {
    private static final long INTENTS = Intents.GUILDS | Intents.GUILD_MESSAGES;
    private static GatewayFixture fixture;
    private static String token;
    private static String botToken;

    @BeforeAll
    static void start(TestKafka kafka, @TempDir Path state) {
        fixture = GatewayFixture.start(kafka, state, settings -> settings
                .with(GatewaySettings.HEARTBEAT_INTERVAL, Duration.ofMillis(1500))
                .with(GatewaySettings.HEARTBEAT_GRACE, Duration.ofMillis(1000))
                .with(GatewaySettings.RATE_LIMIT_COMMANDS, 30)
                .with(GatewaySettings.RATE_LIMIT_WINDOW, Duration.ofSeconds(60))
                .with(GatewaySettings.RESUME_WINDOW, Duration.ofSeconds(30))
                .with(GatewaySettings.REPLAY_BUFFER_EVENTS, 10));
        token = fixture.register("alice", false).get("token").asText();
        botToken = fixture.register("tea_bot", true).get("token").asText();
    }

    @AfterAll
    static void stop() {
        if (fixture != null) fixture.close();
    }

    @Test
    void shouldGreetWithHelloAndAnswerIdentifyWithReady() {
        try (GatewayTestClient client = fixture.connect("")) {
            JsonNode hello = client.expectOp(10);
            assertEquals(1500, hello.get("d").get("heartbeat_interval").asInt());
            assertTrue(hello.get("s").isNull() && hello.get("t").isNull());

            JsonNode ready = identify(client, token, INTENTS, "");
            assertEquals(0, ready.get("op").asInt());
            assertEquals("READY", ready.get("t").asText());
            assertEquals(1, ready.get("s").asInt());
            JsonNode d = ready.get("d");
            assertEquals(10, d.get("v").asInt());
            assertEquals("alice", d.get("user").get("username").asText());
            assertFalse(d.get("user").get("bot").asBoolean());
            assertTrue(d.get("guilds").isArray() && d.get("guilds").isEmpty());
            assertEquals(32, d.get("session_id").asText().length());
            assertEquals("ws://localhost:" + fixture.gateway().port(), d.get("resume_gateway_url").asText());
            assertEquals("[0,1]", d.get("shard").toString());
            assertTrue(d.get("application").has("id"));
            assertTrue(d.get("private_channels").isArray() && d.get("private_channels").isEmpty());
        }
    }

    @Test
    void shouldAcknowledgeEachHeartbeat() {
        try (GatewayTestClient client = fixture.connect("")) {
            client.expectOp(10);
            client.send("{\"op\":1,\"d\":null}");
            client.expectOp(11);
            identify(client, token, INTENTS, "");
            client.send("{\"op\":1,\"d\":1}");
            client.expectOp(11);
        }
    }

    @Test
    void shouldAskForAHeartbeatThenCloseWith4009WhenNoneComes() {
        try (GatewayTestClient client = fixture.connect("")) {
            client.expectOp(10);
            identify(client, token, INTENTS, "");
            client.expectOp(1);
            assertEquals(4009, client.awaitCloseCode());
        }
    }

    @Test
    void shouldKeepASessionThatHeartbeatsEveryInterval() {
        try (GatewayTestClient client = fixture.connect("")) {
            client.expectOp(10);
            identify(client, token, INTENTS, "");
            client.keepAlive();
            client.assertNoDispatch(Duration.ofSeconds(6), m -> true); // interval 1.5 s plus grace, three times over
            assertFalse(client.isClosed(), "a session that heartbeats stays open");
        }
    }

    @Test
    void shouldCloseWith4001OnAnOpcodeClientsMayNotSend() {
        assertClosedWith(4001, "{\"op\":42,\"d\":null}");
        assertClosedWith(4001, "{\"op\":10,\"d\":null}");
    }

    @Test
    void shouldCloseWith4002OnAnUndecodablePayload() {
        assertClosedWith(4002, "not json at all");
        assertClosedWith(4002, "{\"d\":null}");
        assertClosedWith(4002, "{\"op\":2,\"d\":{\"token\":\"x\"}}");
    }

    @Test
    void shouldCloseWith4002OnAPayloadOverTheLimit() {
        String padding = "x".repeat(4100);
        assertClosedWith(4002, "{\"op\":1,\"d\":null,\"pad\":\"" + padding + "\"}");
    }

    @Test
    void shouldAcceptAPayloadOfExactlyTheLimit() {
        String head = "{\"op\":1,\"d\":null,\"pad\":\"";
        String payload = head + "x".repeat(4096 - head.length() - 2) + "\"}";
        assertEquals(4096, payload.getBytes(StandardCharsets.UTF_8).length);
        try (GatewayTestClient client = fixture.connect("")) {
            client.expectOp(10);
            client.send(payload);
            client.expectOp(11);
        }
    }

    @Test
    void shouldCloseWith4003OnACommandBeforeIdentify() {
        assertClosedWith(4003, "{\"op\":3,\"d\":{\"since\":null,\"activities\":[],\"status\":\"idle\",\"afk\":false}}");
    }

    @Test
    void shouldCloseWith4004OnAForgedMalformedOrRevokedToken() {
        String forged = token.substring(0, token.lastIndexOf('.') + 1) + "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA";
        assertClosedWith(4004, identifyPayload(forged, INTENTS, ""));
        assertClosedWith(4004, identifyPayload("not-a-token", INTENTS, ""));
        String otherSecret = new Tokens("another-secret-of-enough-length").mint(1, 0, 1);
        assertClosedWith(4004, identifyPayload(otherSecret, INTENTS, ""));
    }

    @Test
    void shouldCloseWith4005OnASecondIdentify() {
        try (GatewayTestClient client = fixture.connect("")) {
            client.expectOp(10);
            identify(client, token, INTENTS, "");
            client.send(identifyPayload(token, INTENTS, ""));
            assertEquals(4005, client.awaitCloseCode());
        }
    }

    @Test
    void shouldCloseWith4008OverTheCommandRate() {
        try (GatewayTestClient client = fixture.connect("")) {
            client.expectOp(10);
            for (int i = 0; i < 31; i++) client.send("{\"op\":1,\"d\":null}");
            for (int i = 0; i < 30; i++) client.expectOp(11);
            assertEquals(4008, client.awaitCloseCode());
        }
    }

    @Test
    void shouldCloseWith4010OnAnInvalidShard() {
        assertClosedWith(4010, identifyPayload(token, INTENTS, ",\"shard\":[2,2]"));
        assertClosedWith(4010, identifyPayload(token, INTENTS, ",\"shard\":[0,0]"));
    }

    @Test
    void shouldCloseWith4012OnAnotherApiVersionAnd4002OnAnotherEncoding() {
        try (GatewayTestClient client = fixture.connectWithQuery("?v=9&encoding=json")) {
            assertEquals(4012, client.awaitCloseCode());
        }
        try (GatewayTestClient client = fixture.connectWithQuery("?v=10&encoding=etf")) {
            assertEquals(4002, client.awaitCloseCode());
        }
        try (GatewayTestClient client = fixture.connectWithQuery("?v=10&encoding=json&compress=zstd-stream")) {
            assertEquals(4002, client.awaitCloseCode());
        }
    }

    @Test
    void shouldCloseWith4013OnUndefinedIntentBits() {
        assertClosedWith(4013, identifyPayload(token, 1L << 40, ""));
        assertClosedWith(4013, identifyPayload(token, 1L << 17, ""));
    }

    @Test
    void shouldCloseWith4014OnPrivilegedIntentsNotGranted() {
        assertClosedWith(4014, identifyPayload(botToken, Intents.GUILDS | Intents.MESSAGE_CONTENT, ""));
        try (GatewayTestClient client = fixture.connect("")) {
            client.expectOp(10);
            assertEquals("READY", identify(client, token, Intents.MESSAGE_CONTENT, "").get("t").asText(),
                    "humans are granted privileged intents by default");
        }
    }

    @Test
    void shouldReplayExactlyTheMissedDispatchesInOrderOnResume() {
        String sessionId;
        long seen;
        try (GatewayTestClient client = fixture.connect("")) {
            client.expectOp(10);
            sessionId = identify(client, token, INTENTS, "").get("d").get("session_id").asText();
            GatewaySession session = fixture.session(sessionId);
            for (int i = 1; i <= 3; i++) session.dispatch("TEST_EVENT", payload(i));
            for (int i = 1; i <= 3; i++) assertEquals(i, client.next().get("d").get("n").asInt());
            seen = 4;
            client.abort();
        }
        GatewaySession session = fixture.session(sessionId);
        for (int i = 4; i <= 7; i++) session.dispatch("TEST_EVENT", payload(i));
        try (GatewayTestClient client = fixture.connect("")) {
            client.expectOp(10);
            client.send("{\"op\":6,\"d\":{\"token\":\"" + token + "\",\"session_id\":\"" + sessionId + "\",\"seq\":" + seen + "}}");
            List<Integer> replayed = new ArrayList<>();
            for (long s = seen + 1; s <= seen + 4; s++) {
                JsonNode frame = client.next();
                assertEquals(s, frame.get("s").asLong(), "sequence rises by exactly one: " + frame);
                replayed.add(frame.get("d").get("n").asInt());
            }
            assertEquals(List.of(4, 5, 6, 7), replayed);
            JsonNode resumed = client.next();
            assertEquals("RESUMED", resumed.get("t").asText());
            assertEquals(seen + 5, resumed.get("s").asLong());
            session.dispatch("TEST_EVENT", payload(8));
            JsonNode live = client.next();
            assertEquals(seen + 6, live.get("s").asLong());
            assertEquals(8, live.get("d").get("n").asInt());
        }
    }

    @Test
    void shouldAnswerInvalidSessionToAnUnknownSessionOrASeqTheBufferNoLongerHolds() {
        try (GatewayTestClient client = fixture.connect("")) {
            client.expectOp(10);
            client.send("{\"op\":6,\"d\":{\"token\":\"" + token + "\",\"session_id\":\"nope\",\"seq\":1}}");
            JsonNode invalid = client.expectOp(9);
            assertFalse(invalid.get("d").asBoolean());
            assertEquals("READY", identify(client, token, INTENTS, "").get("t").asText(),
                    "the client may identify on the same connection");
        }
        String sessionId;
        try (GatewayTestClient client = fixture.connect("")) {
            client.expectOp(10);
            sessionId = identify(client, token, INTENTS, "").get("d").get("session_id").asText();
            client.abort();
        }
        GatewaySession session = fixture.session(sessionId);
        for (int i = 0; i < 15; i++) session.dispatch("TEST_EVENT", payload(i));
        try (GatewayTestClient client = fixture.connect("")) {
            client.expectOp(10);
            client.send("{\"op\":6,\"d\":{\"token\":\"" + token + "\",\"session_id\":\"" + sessionId + "\",\"seq\":1}}");
            assertFalse(client.expectOp(9).get("d").asBoolean(), "a buffer of 10 no longer holds s=2");
        }
    }

    @Test
    void shouldEndTheSessionWhenTheClientClosesWith1000() {
        String sessionId;
        try (GatewayTestClient client = fixture.connect("")) {
            client.expectOp(10);
            sessionId = identify(client, token, INTENTS, "").get("d").get("session_id").asText();
            client.close(1000);
            client.awaitCloseCode();
        }
        dev.parley.kafka.testkit.Eventually.await(Duration.ofSeconds(5), "session ended",
                () -> fixture.gateway().sessions().all().stream().noneMatch(s -> s.id().equals(sessionId)));
        try (GatewayTestClient client = fixture.connect("")) {
            client.expectOp(10);
            client.send("{\"op\":6,\"d\":{\"token\":\"" + token + "\",\"session_id\":\"" + sessionId + "\",\"seq\":1}}");
            assertFalse(client.expectOp(9).get("d").asBoolean());
        }
    }

    @Test
    void shouldSpeakZlibStreamWithOneDeflateStreamPerConnection() {
        try (GatewayTestClient client = fixture.connect("&compress=zlib-stream")) {
            assertEquals(1500, client.expectOp(10).get("d").get("heartbeat_interval").asInt());
            JsonNode ready = identify(client, token, INTENTS, "");
            assertEquals("READY", ready.get("t").asText());
            client.send("{\"op\":1,\"d\":1}");
            client.expectOp(11);
        }
    }

    private static void assertClosedWith(int code, String payload) {
        try (GatewayTestClient client = fixture.connect("")) {
            client.expectOp(10);
            client.send(payload);
            JsonNode extra;
            try {
                extra = client.poll(Duration.ofMillis(50));
            } catch (InterruptedException e) {
                throw new AssertionError(e);
            }
            assertNull(extra == null || extra.path("op").asInt() == 11 ? null : extra, "nothing but the close");
            assertEquals(code, client.awaitCloseCode(), "close code for " + payload.substring(0, Math.min(60, payload.length())));
        }
    }

    private static JsonNode identify(GatewayTestClient client, String token, long intents, String extra) {
        client.send(identifyPayload(token, intents, extra));
        JsonNode ready = client.next();
        assertEquals("READY", ready.path("t").asText(), "expected READY, got " + ready);
        return ready;
    }

    private static byte[] payload(int n) {
        return ("{\"n\":" + n + "}").getBytes(StandardCharsets.UTF_8);
    }
}
