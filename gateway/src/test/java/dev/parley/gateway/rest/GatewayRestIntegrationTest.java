package dev.parley.gateway.rest;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.gateway.Gateway;
import dev.parley.gateway.auth.AuthSettings;
import dev.parley.gateway.protocol.Intents;
import dev.parley.gateway.testing.GatewayFixture;
import dev.parley.gateway.testing.GatewayTestClient;
import dev.parley.kafka.testkit.Eventually;
import dev.parley.kafka.testkit.KafkaBrokerExtension;
import dev.parley.kafka.testkit.TestKafka;
import dev.parley.kafka.testkit.TopicReader;
import dev.parley.schemas.Topic;
import dev.parley.schemas.Topics;
import dev.parley.schemas.session.SessionEnded;
import dev.parley.schemas.session.SessionEvent;
import dev.parley.schemas.session.SessionStarted;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The REST API, session lifecycle publishing and draining, against a real gateway, state apps and broker. */
@ExtendWith(KafkaBrokerExtension.class)
class GatewayRestIntegrationTest {
    private static GatewayFixture fixture;

    @BeforeAll
    static void start(TestKafka kafka, @TempDir Path state) {
        fixture = GatewayFixture.start(kafka, state, settings -> settings);
    }

    @AfterAll
    static void stop() {
        if (fixture != null) fixture.close();
    }

    @Test
    void shouldAnswerTheGatewayUrlWithoutAQueryStringAndWithoutAuth() {
        HttpResponse<String> response = fixture.get("/api/v10/gateway", null);
        assertEquals(200, response.statusCode());
        assertEquals("ws://localhost:" + fixture.gateway().port(), GatewayFixture.json(response.body()).get("url").asText());
    }

    @Test
    void shouldRegisterAUserWhoseTokenOpensUsersMe() {
        JsonNode registered = fixture.register("bob", true);
        String token = registered.get("token").asText();
        assertEquals(3, token.split("\\.").length, "Discord-shaped: base64(id).base64(time).signature");

        HttpResponse<String> me = fixture.get("/api/v10/users/@me", token);
        assertEquals(200, me.statusCode());
        JsonNode user = GatewayFixture.json(me.body());
        assertEquals(registered.get("user").get("id").asText(), user.get("id").asText());
        assertEquals("bob", user.get("username").asText());
        assertTrue(user.get("bot").asBoolean());
    }

    @Test
    void shouldRefuseAMissingOrForgedTokenWith401InDiscordsErrorShape() {
        HttpResponse<String> none = fixture.get("/api/v10/users/@me", null);
        assertEquals(401, none.statusCode());
        assertEquals(0, GatewayFixture.json(none.body()).get("code").asInt());
        assertEquals(401, fixture.get("/api/v10/gateway/bot", "MTIz.AAAA.forged").statusCode());
    }

    @Test
    void shouldRejectAnInvalidUsernameNamingTheField() {
        HttpResponse<String> response = fixture.post("/api/v10/auth/register", "{\"username\":\"Not Valid!\"}", null);
        assertEquals(400, response.statusCode());
        JsonNode body = GatewayFixture.json(response.body());
        assertEquals(50035, body.get("code").asInt());
        assertTrue(body.get("errors").has("username"), body.toString());
        assertTrue(body.get("message").asText().contains("username"), body.toString());
        assertEquals(400, fixture.post("/api/v10/auth/register", "[1,2]", null).statusCode());
        assertEquals(400, fixture.post("/api/v10/auth/register", "{not json", null).statusCode());
    }

    @Test
    void shouldCountSessionStartsHonestlyInGatewayBot() {
        String token = fixture.register("counter", true).get("token").asText();
        JsonNode before = GatewayFixture.json(fixture.get("/api/v10/gateway/bot", token).body());
        assertEquals(1000, before.get("session_start_limit").get("total").asInt());
        assertEquals(1000, before.get("session_start_limit").get("remaining").asInt());
        assertEquals(1, before.get("session_start_limit").get("max_concurrency").asInt());
        assertEquals(before.get("url").asText(), "ws://localhost:" + fixture.gateway().port());

        for (int i = 0; i < 2; i++) {
            try (GatewayTestClient client = fixture.connect("")) {
                client.expectOp(10);
                client.send(GatewayTestClient.identifyPayload(token, Intents.GUILDS));
                assertEquals("READY", client.next().get("t").asText());
            }
        }
        JsonNode after = Eventually.await(Duration.ofSeconds(10), "two starts counted", () -> {
            JsonNode body = GatewayFixture.json(fixture.get("/api/v10/gateway/bot", token).body());
            return body.get("session_start_limit").get("remaining").asInt() == 998 ? body : null;
        });
        assertTrue(after.get("session_start_limit").get("reset_after").asLong() > 0);
    }

    @Test
    void shouldPublishSessionStartedAndEndedToTheUserKeyedTopic() {
        JsonNode registered = fixture.register("carol", false);
        long userId = registered.get("user").get("id").asLong();
        String sessionId;
        try (GatewayTestClient client = fixture.connect("")) {
            client.expectOp(10);
            client.send(GatewayTestClient.identifyPayload(registered.get("token").asText(), Intents.GUILDS,
                    ",\"presence\":{\"status\":\"dnd\",\"since\":null,\"activities\":[],\"afk\":false}"));
            sessionId = client.next().get("d").get("session_id").asText();
            client.close(1000);
            client.awaitCloseCode();
        }
        Topic<Long, SessionEvent> topic = Topics.SESSION_EVENTS.withPrefix(fixture.kafka().topicPrefix());
        try (var reader = new TopicReader<>(fixture.kafka(), topic.name(), topic.keySerde().deserializer(),
                topic.valueSerde().deserializer())) {
            var started = reader.await(Duration.ofSeconds(10), r -> r.value() instanceof SessionStarted s && s.sessionId().equals(sessionId));
            assertEquals(userId, started.key(), "keyed by user");
            SessionStarted event = assertInstanceOf(SessionStarted.class, started.value());
            assertEquals(fixture.gateway().id(), event.gatewayId());
            assertEquals("dnd", event.presence().status());
            assertEquals("parley-test", event.properties().browser());
            var ended = reader.await(Duration.ofSeconds(10), r -> r.value() instanceof SessionEnded e && e.sessionId().equals(sessionId));
            assertEquals("closed", ((SessionEnded) ended.value()).reason());
        }
    }

    @Test
    void shouldSendReconnectToEverySessionWhenTheGatewayDrains() {
        String token = fixture.register("drained", false).get("token").asText();
        Gateway draining = fixture.startAnotherGateway(settings -> settings);
        try (GatewayTestClient client = GatewayFixture.connect(draining, "")) {
            client.expectOp(10);
            client.send(GatewayTestClient.identifyPayload(token, Intents.GUILDS));
            assertEquals("READY", client.next().get("t").asText());
            Thread closer = new Thread(draining::close);
            closer.start();
            client.expectOp(7);
            int code = client.awaitCloseCode();
            assertFalse(code == 1000 || code == 1001, "a drain never ends the session from the client's side: " + code);
        }
    }

    @Test
    void shouldAnswer404ForRegistrationWhenSwitchedOff() {
        Gateway closed = fixture.startAnotherGateway(settings -> settings.with(AuthSettings.REGISTRATION_ENABLED, false));
        try {
            var http = java.net.http.HttpClient.newHttpClient();
            var request = java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://127.0.0.1:" + closed.port()
                            + "/api/v10/auth/register")).header("Content-Type", "application/json")
                    .POST(java.net.http.HttpRequest.BodyPublishers.ofString("{\"username\":\"eve\"}")).build();
            assertEquals(404, http.send(request, HttpResponse.BodyHandlers.ofString()).statusCode());
        } catch (Exception e) {
            throw new AssertionError(e);
        } finally {
            closed.close();
        }
    }
}
