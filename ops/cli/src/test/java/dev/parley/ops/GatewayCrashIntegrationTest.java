package dev.parley.ops;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.config.Settings;
import dev.parley.gateway.GatewaySettings;
import dev.parley.gateway.auth.AuthSettings;
import dev.parley.gateway.testing.GatewayTestClient;
import dev.parley.kafka.testkit.Eventually;
import dev.parley.kafka.testkit.KafkaBrokerExtension;
import dev.parley.kafka.testkit.TestKafka;
import dev.parley.schemas.KafkaSettings;
import dev.parley.schemas.cluster.ClusterSettings;
import dev.parley.schemas.json.Json;
import dev.parley.streams.StreamsSettings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * A gateway in a process of its own is killed with SIGKILL: nothing announces its sessions' end, and still the
 * presence app takes its users offline for everyone else, within the liveness timeout.
 */
@ExtendWith(KafkaBrokerExtension.class)
class GatewayCrashIntegrationTest {
    private static final Logger log = LoggerFactory.getLogger(GatewayCrashIntegrationTest.class);
    private static final String SECRET = "crash-test-secret-0123456789";
    private static final String CLUSTER_SECRET = "crash-test-cluster-secret-0123456789";
    private static final long INTENTS = 1 | 2 | (1 << 8) | (1 << 9);
    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void shouldMarkUsersOfAKilledGatewayProcessOffline(TestKafka kafka, @TempDir Path data) throws Exception {
        Settings settings = Settings.defaults()
                .with(KafkaSettings.BOOTSTRAP_SERVERS, kafka.bootstrapServers())
                .with(KafkaSettings.TOPIC_PREFIX, kafka.topicPrefix())
                .with(StackSettings.DATA_DIR, data.toString())
                .with(StreamsSettings.QUERY_PORT, 0)
                .with(GatewaySettings.PORT, 0).with(GatewaySettings.ADMIN_PORT, 0)
                .with(AuthSettings.TOKEN_SECRET, SECRET)
                .with(ClusterSettings.SECRET, CLUSTER_SECRET)
                .with(AuthSettings.REGISTRATION_ENABLED, true)
                .with(AuthSettings.OPEN_GUILD_JOIN, true);
        try (LocalStack stack = LocalStack.start(settings)) {
            String base = "http://localhost:" + stack.gateway().port();
            Eventually.await(Duration.ofSeconds(60), "stack ready", () -> get(base + "/healthz").statusCode() == 200);
            JsonNode alice = post(base + "/api/v10/auth/register", "{\"username\":\"crash_alice\"}", null);
            JsonNode bob = post(base + "/api/v10/auth/register", "{\"username\":\"crash_bob\"}", null);
            String aliceToken = alice.get("token").asText();
            String bobToken = bob.get("token").asText();
            JsonNode guild = post(base + "/api/v10/guilds", "{\"name\":\"Crash Room\"}", aliceToken);
            send("PUT", base + "/api/v10/guilds/" + guild.get("id").asText() + "/members/@me", bobToken);

            int port = freePort();
            Path config = data.resolve("doomed.properties");
            Files.writeString(config, String.join("\n",
                    "kafka.bootstrap-servers=" + kafka.bootstrapServers(),
                    "kafka.topic-prefix=" + kafka.topicPrefix(),
                    "gateway.port=" + port,
                    "gateway.id=gw-doomed",
                    "gateway.worker-id=7",
                    "gateway.state-query-urls=" + stack.stateQueryUrl(),
                    "auth.token-secret=" + SECRET,
                    "cluster.secret=" + CLUSTER_SECRET, ""));
            Process doomed = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-cp", System.getProperty("java.class.path"), ParleyCommand.class.getName(), "gateway",
                    "--config", config.toString())
                    .redirectErrorStream(true).redirectOutput(data.resolve("doomed.log").toFile()).start();
            try (GatewayTestClient watcher = connect(stack.gateway().publicUrl(), bobToken)) {
                Eventually.await(Duration.ofSeconds(60), "the second gateway up",
                        () -> get("http://localhost:" + port + "/healthz").statusCode() == 200);
                GatewayTestClient victim = connect("ws://localhost:" + port, aliceToken);
                assertEquals("online", presenceOf(watcher, alice).get("status").asText());

                long killed = System.nanoTime();
                doomed.destroyForcibly().waitFor();
                assertEquals("offline", presenceOf(watcher, alice).get("status").asText());
                log.info("SIGKILLed gateway: its user went offline for others after {} ms",
                        (System.nanoTime() - killed) / 1_000_000);
                victim.abort();
            } finally {
                doomed.destroyForcibly();
            }
        }
    }

    private static JsonNode presenceOf(GatewayTestClient watcher, JsonNode who) {
        String id = who.get("user").get("id").asText();
        while (true) {
            JsonNode d = watcher.awaitDispatch("PRESENCE_UPDATE").get("d");
            if (d.get("user").get("id").asText().equals(id)) return d;
        }
    }

    private static GatewayTestClient connect(String url, String token) {
        GatewayTestClient client = GatewayTestClient.connect(URI.create(url + "/?v=10&encoding=json"));
        client.expectOp(10);
        client.send("{\"op\":2,\"d\":{\"token\":\"" + token + "\",\"intents\":" + INTENTS
                + ",\"properties\":{\"os\":\"linux\",\"browser\":\"test\",\"device\":\"test\"}}}");
        client.awaitDispatch("READY");
        client.keepAlive();
        return client;
    }

    private HttpResponse<String> get(String url) {
        try {
            return http.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private JsonNode post(String url, String body, String token) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (token != null) request.header("Authorization", token);
        HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        return Json.MAPPER.readTree(response.body());
    }

    private void send(String method, String url, String token) throws Exception {
        http.send(HttpRequest.newBuilder(URI.create(url)).header("Authorization", token)
                .method(method, HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static int freePort() throws Exception {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
