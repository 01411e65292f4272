package dev.parley.gateway.admin;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.gateway.Gateway;
import dev.parley.gateway.protocol.Intents;
import dev.parley.gateway.ratelimit.Rate;
import dev.parley.gateway.ratelimit.RateLimitSettings;
import dev.parley.gateway.testing.GatewayFixture;
import dev.parley.gateway.testing.GatewayTestClient;
import dev.parley.kafka.testkit.Eventually;
import dev.parley.kafka.testkit.KafkaBrokerExtension;
import dev.parley.kafka.testkit.TestKafka;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What operators see, against a real gateway, real state apps and a real broker: Prometheus metrics after a
 * scripted run, and the admin API's session introspection.
 */
@ExtendWith(KafkaBrokerExtension.class)
class OperationsIntegrationTest {
    private static final long INTENTS = Intents.GUILDS | Intents.GUILD_MESSAGES | Intents.MESSAGE_CONTENT;
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
    void shouldCountIdentifiesDispatchesDeliveriesAndClosesByCodeAfterAScriptedRun() {
        double identifiesBefore = value(gatewayMetrics(), "parley_gateway_identifies_total", "");
        JsonNode owner = fixture.register("metric_owner", false);
        String token = owner.get("token").asText();
        JsonNode guild = GatewayFixture.json(fixture.send("POST", "/api/v10/guilds", "{\"name\":\"Metrics\"}", token).body());
        String channel = guild.get("channels").get(0).get("id").asText();
        try (GatewayTestClient first = identified(token); GatewayTestClient second = identified(token)) {
            for (int i = 0; i < 3; i++) {
                assertEquals(200, fixture.send("POST", "/api/v10/channels/" + channel + "/messages",
                        "{\"content\":\"m" + i + "\"}", token).statusCode());
            }
            for (int i = 0; i < 3; i++) {
                first.awaitDispatch("MESSAGE_CREATE");
                second.awaitDispatch("MESSAGE_CREATE");
            }
            Eventually.await(Duration.ofSeconds(10), "the fan-out's lag reported (once a second)",
                    () -> gatewayMetrics().contains("parley_gateway_fanout_lag{"));
            assertTrue(value(gatewayMetrics(), "parley_gateway_fanout_lag", "topic=") >= 0
                    && gatewayMetrics().contains("parley_gateway_fanout_lag{"), "lag of the assigned partitions");
            second.send("not json");
            assertEquals(4002, second.awaitCloseCode());
        }
        try (GatewayTestClient stranger = fixture.connect("")) {
            stranger.expectOp(10);
            stranger.send("{\"op\":6,\"d\":{\"token\":\"" + token + "\",\"session_id\":\"gone\",\"seq\":1}}");
            stranger.expectOp(9);
        }
        String metrics = gatewayMetrics();
        assertEquals(identifiesBefore + 2, value(metrics, "parley_gateway_identifies_total", ""));
        assertTrue(value(metrics, "parley_gateway_closes_total", "cause=\"undecodable\",code=\"4002\"") >= 1,
                "4002 counted, with its cause");
        assertTrue(value(metrics, "parley_gateway_resumes_total", "outcome=\"unknown\"") >= 1, "the resume counted");
        assertTrue(value(metrics, "parley_gateway_dispatches_total", "type=\"MESSAGE_CREATE\"") >= 6);
        assertTrue(value(metrics, "parley_gateway_events_in_total", "type=\"MESSAGE_CREATE\"") >= 3);
        assertTrue(value(metrics, "parley_gateway_deliveries_total", "") >= 6 + 2, "READYs and messages written");
        assertTrue(value(metrics, "parley_gateway_dispatch_delay_seconds_count", "") >= 2, "a delay per written batch");
        assertTrue(metrics.contains("parley_gateway_outbound_queue_bytes_bucket"), "queue bytes histogram");
        assertTrue(metrics.contains("jvm_memory_used_bytes"), "JVM metrics");
        String checkpointed = Eventually.await(Duration.ofSeconds(10), "a checkpoint per session after READY, acknowledged",
                () -> {
                    String body = gatewayMetrics();
                    return value(body, "parley_gateway_session_checkpoints_total", "kind=\"checkpoint\"") >= 2 ? body : null;
                });
        assertTrue(value(checkpointed, "parley_gateway_session_checkpoint_bytes_total", "") > 0, "checkpoint bytes");

        String streams = Eventually.await(Duration.ofSeconds(20), "the streams apps' lag bound (every few seconds)", () -> {
            String body = get(fixture.queryUrl() + "/metrics", GatewayFixture.CLUSTER_SECRET).body();
            return body.contains("kafka_consumer_fetch_manager_records_lag{") ? body : null;
        });
        assertTrue(value(streams, "parley_streams_store_entries", "app=\"guild-state\"") >= 1, "guild-state stores have entries");
        assertTrue(streams.contains("kafka_consumer_fetch_manager_records_lag{"), "the streams apps' consumer lag");

        Matcher names = Pattern.compile("\\b((?:parley|kafka|jvm)_[a-z_]+)").matcher(dashboard());
        int checked = 0;
        while (names.find()) {
            String name = names.group(1);
            assertTrue(metrics.contains("\n" + name + "{") || streams.contains("\n" + name + "{"),
                    "the dashboard's " + name + " is a served metric");
            checked++;
        }
        assertTrue(checked >= 12, "the dashboard's queries were read");
    }

    private static String dashboard() {
        try {
            return Files.readString(Path.of("..", "ops", "monitoring", "grafana", "parley-dashboard.json"));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void shouldListShowAndCloseLiveSessionsForAnOperatorWithTheAdminToken() {
        JsonNode user = fixture.register("inspected", false);
        String token = user.get("token").asText();
        String userId = user.get("user").get("id").asText();
        try (GatewayTestClient client = identified(token)) {
            assertEquals(401, get(admin("/admin/sessions"), null).statusCode());
            assertEquals(401, get(admin("/admin/sessions"), "wrong").statusCode());

            JsonNode list = GatewayFixture.json(get(admin("/admin/sessions?user_id=" + userId), GatewayFixture.ADMIN_TOKEN).body());
            assertEquals(1, list.get("total").asInt());
            JsonNode session = list.get("sessions").get(0);
            assertEquals(userId, session.get("user_id").asText());
            assertTrue(session.get("attached").asBoolean());
            assertEquals(1, session.get("last_s").asLong(), "READY only");
            assertTrue(session.get("heartbeat_age_ms").asLong() >= 0);
            String sessionId = session.get("session_id").asText();

            JsonNode shown = GatewayFixture.json(get(admin("/admin/sessions/" + sessionId), GatewayFixture.ADMIN_TOKEN).body());
            assertEquals(sessionId, shown.get("session").get("session_id").asText());
            assertTrue(shown.get("guild_ids").isArray());
            assertEquals(404, get(admin("/admin/sessions/nope"), GatewayFixture.ADMIN_TOKEN).statusCode());

            assertEquals(204, send("DELETE", admin("/admin/sessions/" + sessionId), GatewayFixture.ADMIN_TOKEN).statusCode());
            assertEquals(4000, client.awaitCloseCode(), "closed resumably");
            assertEquals(400, get(admin("/admin/sessions?limit=0"), GatewayFixture.ADMIN_TOKEN).statusCode());
        }
    }

    /**
     * {@code /healthz} is on the public port: a balancer learns ready or not, an operator (admin token) each check,
     * and one address cannot make it work for nothing more than its own bucket allows.
     */
    @Test
    void shouldTellStrangersOnlyWhetherTheGatewayIsReadyAndOperatorsEachCheckWithinAPerAddressLimit() {
        try (Gateway gateway = fixture.startAnotherGateway(s -> s.with(RateLimitSettings.HEALTH,
                Rate.of(200, Duration.ofHours(1))))) {
            String health = "http://127.0.0.1:" + gateway.port() + "/healthz";
            JsonNode report = Eventually.await(Duration.ofSeconds(30), "the operator's report ready", () -> {
                HttpResponse<String> response = send("GET", health, GatewayFixture.ADMIN_TOKEN);
                return response.statusCode() == 200 ? GatewayFixture.json(response.body()) : null;
            });
            assertEquals("ready", report.get("status").asText());
            assertTrue(report.get("checks").get("kafka").asText().contains("broker"), report.toString());
            assertTrue(report.get("checks").has("fanout"), report.toString());

            HttpResponse<String> stranger = send("GET", health, null);
            assertEquals(200, stranger.statusCode());
            assertEquals("{\"status\":\"ready\"}", stranger.body(), "no internals for a stranger");
            assertEquals(1, GatewayFixture.json(send("GET", health, "not-the-admin-token").body()).size());

            HttpResponse<String> last = send("GET", health, null);
            int remaining = Integer.parseInt(last.headers().firstValue("X-RateLimit-Remaining").orElseThrow());
            for (int i = 0; i < remaining; i++) assertEquals(200, send("GET", health, null).statusCode());
            HttpResponse<String> over = send("GET", health, null);
            assertEquals(429, over.statusCode(), "200 per address and window, operators' included: " + over.body());
            assertEquals(200, send("GET", "http://127.0.0.1:" + gateway.port() + "/api/v10/gateway", null).statusCode(),
                    "polling /healthz takes nothing from the address's API requests");
        }
    }

    private static GatewayTestClient identified(String token) {
        return fixture.identified(token, INTENTS);
    }

    private static String admin(String path) {
        return "http://127.0.0.1:" + fixture.gateway().adminPort() + path;
    }

    private static String gatewayMetrics() {
        HttpResponse<String> response = get(admin("/metrics"), GatewayFixture.CLUSTER_SECRET);
        assertEquals(200, response.statusCode());
        return response.body();
    }

    /** The sum of the samples of {@code name} whose labels contain {@code label} (0 when none). */
    private static double value(String exposition, String name, String label) {
        Matcher m = Pattern.compile("(?m)^" + Pattern.quote(name) + "\\{([^}]*)\\} (\\S+)$").matcher(exposition);
        double sum = 0;
        while (m.find()) {
            if (m.group(1).contains(label)) sum += Double.parseDouble(m.group(2));
        }
        return sum;
    }

    private static HttpResponse<String> get(String url, String token) {
        return send("GET", url, token);
    }

    private static HttpResponse<String> send(String method, String url, String token) {
        return GatewayFixture.request(method, url, token == null ? null : "Bearer " + token);
    }
}
