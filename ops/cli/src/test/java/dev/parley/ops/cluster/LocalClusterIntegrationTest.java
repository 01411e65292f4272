package dev.parley.ops.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.config.Settings;
import dev.parley.gateway.testing.GatewayTestClient;
import dev.parley.kafka.testkit.Eventually;
import dev.parley.ops.ParleyCommand;
import dev.parley.schemas.json.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The whole local cluster as {@code ops/parley cluster} runs it (3 controller processes, 3 brokers, 2 streams
 * processes, 2 gateways, HAProxy), on free ports in a temporary directory: every node healthy in
 * {@code cluster status}; two users registered through the balancer chat across the two gateways; a broker, then the
 * quorum's leader, killed and revived through the CLI come back healthy (the broker back in every ISR) and the
 * cluster carries messages meanwhile; an orderly stop leaves no process behind.
 */
class LocalClusterIntegrationTest {
    private static final Logger log = LoggerFactory.getLogger(LocalClusterIntegrationTest.class);
    private static final Duration WAIT = Duration.ofSeconds(90);
    private static final long INTENTS = 1 | 512 | (1 << 15); // GUILDS, GUILD_MESSAGES, MESSAGE_CONTENT
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @Test
    void shouldRunEveryNodeAsItsOwnProcessChatAcrossGatewaysSurviveAKilledBrokerAndControllerAndStopInOrder(@TempDir Path data) {
        Path haproxy = Path.of("/usr/sbin/haproxy");
        assumeTrue(Files.isExecutable(haproxy), "HAProxy is not installed (apt-get install haproxy)");
        List<Long> pids = new ArrayList<>();
        // A longer start timeout than the command's: CI machines are shared (the figure is logged, never asserted).
        ClusterLayout layout = ClusterLayout.onFreePorts().withSupervision(Settings.defaults()
                .with(LocalClusterSettings.START_TIMEOUT, Duration.ofMinutes(4)));
        LocalCluster cluster;
        try {
            cluster = LocalCluster.start(layout, data);
        } catch (RuntimeException e) {
            keepLogs(data);
            throw e;
        }
        base = URI.create(cluster.publicUrl() + "/");
        try {
            log.info("local cluster up in {} ms", cluster.startupTime().toMillis());
            ClusterState status = ControlClient.of(data).status();
            assertTrue(status.allHealthy(), status.table()); // start() returned: every node healthy for the settle time
            assertEquals(List.of("controller-1", "controller-2", "controller-3", "broker-1", "broker-2", "broker-3", "streams-1",
                    "streams-2", "gateway-1", "gateway-2", "balancer"), status.nodes().stream().map(ClusterState.NodeState::name).toList());
            assertEquals(0, cli("cluster", "status", "--data", data.toString()), "cluster status: all healthy");
            status.nodes().forEach(n -> pids.add(n.pid()));
            assertEquals(11, pids.stream().distinct().count(), "one process per node");

            String alice = register("alice");
            String bob = register("bob");
            JsonNode guild = json(Eventually.await(WAIT, "a guild created", () -> { // 503 while the apps still rebalance
                HttpResponse<String> created = send("POST", "/api/v10/guilds", "{\"name\":\"Cluster\"}", alice);
                return created.statusCode() == 201 ? created : null;
            }));
            String guildId = guild.get("id").asText();
            String channel = guild.get("channels").get(0).get("id").asText();
            Eventually.await(WAIT, "bob in the guild", () ->
                    send("PUT", "/api/v10/guilds/" + guildId + "/members/@me", null, bob).statusCode() / 100 == 2); // 204 when a refused try was applied after all

            try (GatewayTestClient a = connect(cluster, alice); GatewayTestClient b = connectElsewhere(cluster, bob, gatewayOf(cluster, alice))) {
                assertNotEquals(gatewayOf(cluster, alice), gatewayOf(cluster, bob), "one user on each gateway");
                chat(alice, channel, "hello from " + gatewayOf(cluster, alice), b);
                chat(bob, channel, "hello from " + gatewayOf(cluster, bob), a);

                assertEquals(0, cli("cluster", "kill", "broker-3", "--data", data.toString()));
                ClusterState.NodeState killed = ControlClient.of(data).status().node("broker-3").orElseThrow();
                assertNull(killed.pid(), "a killed node has no process");
                assertFalse(killed.healthy());
                chat(alice, channel, "while broker-3 is down", b);
                assertEquals(0, cli("cluster", "start", "broker-3", "--data", data.toString(), "--wait", "90"),
                        "broker-3 started and healthy");
                assertTrue(cluster.node("broker-3").healthy());
                assertTrue(ControlClient.of(data).status().node("broker-3").orElseThrow().detail().contains("in sync"),
                        "a started broker is healthy once back in the ISR of its partitions");
                chat(bob, channel, "with broker-3 back", a);
                pids.add(cluster.node("broker-3").pid().orElseThrow());

                // the controllers' status is a health check's last look: just after a broker rejoined it may show no leader yet
                String leader = Eventually.await(WAIT, "a controller reporting itself the quorum's leader", () ->
                        ControlClient.of(data).status().nodes().stream()
                                .filter(n -> n.role().equals("controller") && n.detail().startsWith("quorum leader"))
                                .map(ClusterState.NodeState::name).findFirst().orElse(null));
                assertEquals(0, cli("cluster", "kill", leader, "--data", data.toString()));
                chat(alice, channel, "while " + leader + ", the quorum's leader, is down", b);
                assertEquals(0, cli("cluster", "start", leader, "--data", data.toString(), "--wait", "90"),
                        leader + " started and healthy");
                chat(bob, channel, "with " + leader + " back", a);
                pids.add(cluster.node(leader).pid().orElseThrow());

                // alice's gateway killed: her client resumes through the balancer on the other one, missing nothing
                String held = gatewayOf(cluster, alice);
                long seq = chat(bob, channel, "before " + held + " is killed", a);
                String sessionId = sessionIds.get(a);
                Eventually.await(WAIT, "alice's checkpoint at s=" + seq, () -> checkpointSequence(cluster, alice, sessionId) == seq);
                assertEquals(0, cli("cluster", "kill", held, "--data", data.toString()));
                List<String> missed = List.of("while " + held + " is down, 1", "while " + held + " is down, 2");
                for (String content : missed) post(bob, channel, content);
                try (GatewayTestClient resumed = resume(cluster, alice, sessionId, seq)) {
                    long expected = seq;
                    for (String content : missed) {
                        JsonNode message = resumed.awaitDispatch("MESSAGE_CREATE");
                        assertEquals(content, message.get("d").get("content").asText(), "what alice missed, in order, once");
                        assertEquals(++expected, message.get("s").asLong(), "consecutive s across the gateways");
                    }
                    JsonNode back = resumed.next();
                    assertEquals("RESUMED", back.path("t").asText(), "RESUMED, no new READY: " + back);
                    String other = cluster.layout().gateways().stream().map(ClusterLayout.Gateway::name)
                            .filter(name -> !name.equals(held)).findFirst().orElseThrow();
                    HttpResponse<String> there = get(cluster.gatewayAdminUrl(other) + "/admin/sessions?user_id="
                            + userIdOf(alice), cluster.adminToken());
                    assertEquals(1, json(there).get("total").asInt(), "resumed on " + other + ": " + there.body());
                    chat(bob, channel, "to alice, resumed", resumed);
                }
                assertEquals(0, cli("cluster", "start", held, "--data", data.toString(), "--wait", "90"), held + " started");
                pids.add(cluster.node(held).pid().orElseThrow());
            }
        } finally {
            cluster.close();
            keepLogs(data);
        }
        for (long pid : pids) {
            assertFalse(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false), "process " + pid + " left running");
        }
        assertEquals(0, ProcessHandle.current().descendants().filter(ProcessHandle::isAlive).count(), "no child left");
        assertTrue(cluster.nodes().stream().noneMatch(ClusterNode::alive));
    }

    /** The nodes' logs, to target/local-cluster-logs (the temporary directory goes away). */
    private static void keepLogs(Path data) {
        Path keep = Path.of("target", "local-cluster-logs");
        try (var logs = Files.newDirectoryStream(data.resolve(LocalCluster.LOGS_DIR))) {
            Files.createDirectories(keep);
            for (Path file : logs) Files.copy(file, keep.resolve(file.getFileName()), StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            log.warn("cannot keep the nodes' logs", e);
        }
    }

    /** {@code author} posts through the balancer; {@code reader} (on the other gateway) receives it: its {@code s}. */
    private long chat(String author, String channel, String content, GatewayTestClient reader) {
        long sent = System.nanoTime();
        List<Integer> refused = new ArrayList<>();
        Eventually.await(WAIT, "a post accepted", () -> {
            int status = send("POST", "/api/v10/channels/" + channel + "/messages", "{\"content\":\"" + content + "\"}",
                    author).statusCode();
            if (status != 200) refused.add(status);
            return status == 200;
        });
        long posted = System.nanoTime();
        log.info("'{}' accepted {} ms after the first try (refused first: {})", content, (posted - sent) / 1_000_000, refused);
        long deadline = posted + WAIT.toNanos();
        while (true) {
            long left = deadline - System.nanoTime();
            JsonNode message;
            try {
                message = left > 0 ? reader.poll(Duration.ofNanos(left)) : null;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
            if (message == null) {
                throw new AssertionError("no MESSAGE_CREATE '" + content + "' within " + WAIT
                        + (reader.isClosed() ? "; the reader's socket was closed with " + reader.awaitCloseCode() : ""));
            }
            if (message.path("op").asInt() == 0 && "MESSAGE_CREATE".equals(message.path("t").asText())
                    && content.equals(message.get("d").get("content").asText())) {
                log.info("'{}' delivered {} ms after it was accepted", content, (System.nanoTime() - posted) / 1_000_000);
                return message.get("s").asLong();
            }
        }
    }

    private GatewayTestClient connect(LocalCluster cluster, String token) {
        GatewayTestClient client = GatewayTestClient.connect(URI.create(cluster.gatewayUrl() + "/?v=10&encoding=json"));
        sessionIds.put(client, client.identify(token, INTENTS).get("d").get("session_id").asText());
        client.keepAlive(); // the kills and restarts take longer than a heartbeat interval
        client.awaitDispatch("GUILD_CREATE");
        return client;
    }

    /** A RESUME of {@code sessionId} at {@code seq} through the balancer, retried while the balancer finds no gateway. */
    private GatewayTestClient resume(LocalCluster cluster, String token, String sessionId, long seq) {
        return Eventually.await(WAIT, "a connection through the balancer", () -> {
            try {
                GatewayTestClient client = GatewayTestClient.connect(URI.create(cluster.gatewayUrl() + "/?v=10&encoding=json"));
                client.expectOp(10);
                client.keepAlive();
                client.send("{\"op\":6,\"d\":{\"token\":\"" + token + "\",\"session_id\":\"" + sessionId
                        + "\",\"seq\":" + seq + "}}");
                return client;
            } catch (RuntimeException | AssertionError e) { // the killed gateway's backend, until HAProxy marks it down
                log.info("resume connection failed, again: {}", e.toString());
                return null;
            }
        });
    }

    /** The sequence number of the session's checkpoint, from a streams process's state query API; -1 when none. */
    private long checkpointSequence(LocalCluster cluster, String token, String sessionId) {
        HttpResponse<String> found = get(cluster.stateQueryUrl("streams-1") + "/users/" + userIdOf(token) + "/sessions/"
                + sessionId + "/checkpoint", cluster.clusterSecret());
        return found.statusCode() == 200 ? json(found).get("sequence").asLong() : -1;
    }

    /** {@code author} posts {@code content} through the balancer, again until accepted. */
    private void post(String author, String channel, String content) {
        Eventually.await(WAIT, "a post accepted", () -> send("POST", "/api/v10/channels/" + channel + "/messages",
                "{\"content\":\"" + content + "\"}", author).statusCode() == 200);
    }

    /** Connects through the balancer (round-robin) until the session lands on another gateway than {@code not}. */
    private GatewayTestClient connectElsewhere(LocalCluster cluster, String token, String not) {
        for (int attempt = 0; attempt < 8; attempt++) {
            GatewayTestClient client = connect(cluster, token);
            if (!not.equals(gatewayOf(cluster, token))) return client;
            client.close();
            Eventually.await(WAIT, "the session gone", () -> gatewayOf(cluster, token) == null);
        }
        throw new AssertionError("the balancer gave every connection to " + not);
    }

    /** The gateway holding the session of {@code token}'s user, from the gateways' {@code /admin/sessions}; null for none. */
    private String gatewayOf(LocalCluster cluster, String token) {
        String userId = userIdOf(token);
        String found = null;
        for (ClusterLayout.Gateway gateway : cluster.layout().gateways()) {
            HttpResponse<String> sessions = get(cluster.gatewayAdminUrl(gateway.name()) + "/admin/sessions?user_id=" + userId,
                    cluster.adminToken());
            assertEquals(200, sessions.statusCode(), sessions.body());
            if (json(sessions).get("total").asInt() > 0) found = gateway.name();
        }
        return found;
    }

    private static String userIdOf(String token) {
        return new String(java.util.Base64.getUrlDecoder().decode(token.substring(0, token.indexOf('.'))),
                java.nio.charset.StandardCharsets.UTF_8);
    }

    private String register(String name) {
        JsonNode registered = json(Eventually.await(WAIT, "registration through the balancer", () -> {
            HttpResponse<String> response = send("POST", "/api/v10/auth/register", "{\"username\":\"" + name + "\"}", null);
            return response.statusCode() == 200 ? response : null;
        }));
        return registered.get("token").asText();
    }

    private static int cli(String... args) {
        return ParleyCommand.commandLine().execute(args);
    }

    private URI base;
    /** The session id each client's READY gave. */
    private final java.util.Map<GatewayTestClient, String> sessionIds = new java.util.concurrent.ConcurrentHashMap<>();

    private HttpResponse<String> send(String method, String path, String body, String token, int expected) {
        HttpResponse<String> response = send(method, path, body, token);
        assertEquals(expected, response.statusCode(), method + " " + path + ": " + response.body());
        return response;
    }

    private HttpResponse<String> send(String method, String path, String body, String token) {
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(30))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) request.header("Content-Type", "application/json");
        if (token != null) request.header("Authorization", "Bot " + token);
        return exchange(request.build());
    }

    private HttpResponse<String> get(String url, String bearer) {
        return exchange(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + bearer).GET().build());
    }

    private HttpResponse<String> exchange(HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static JsonNode json(HttpResponse<String> response) {
        try {
            return Json.MAPPER.readTree(response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
