package dev.parley.gateway.security;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.gateway.Gateway;
import dev.parley.gateway.GatewaySettings;
import dev.parley.gateway.http.ListenerSettings;
import dev.parley.gateway.protocol.Intents;
import dev.parley.gateway.session.AdmissionSettings;
import dev.parley.gateway.testing.GatewayFixture;
import dev.parley.gateway.testing.GatewayTestClient;
import dev.parley.gateway.testing.TestUsers;
import dev.parley.gateway.testing.TestUsers.Account;
import dev.parley.kafka.testkit.Eventually;
import dev.parley.kafka.testkit.KafkaBrokerExtension;
import dev.parley.kafka.testkit.TestKafka;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static dev.parley.gateway.testing.GatewayFixture.hello;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Attacks on the gateway's limits, each on a gateway of its own configured for the limit under test, each while
 * another user or address is served: IDENTIFY floods against the daily start limit and max_concurrency, sessions per
 * user, connections that never identify, connections per address (by peer and by PROXY protocol), and op 8.
 */
@ExtendWith(KafkaBrokerExtension.class)
class GatewayLimitsIntegrationTest {
    private static final long GUILDS_AND_MEMBERS = Intents.GUILDS | Intents.GUILD_MEMBERS;
    private static GatewayFixture fixture;
    private static TestUsers users;

    @BeforeAll
    static void start(TestKafka kafka, @TempDir Path state) {
        fixture = GatewayFixture.start(kafka, state, settings -> settings);
        users = new TestUsers(fixture);
    }

    @AfterAll
    static void stop() {
        if (fixture != null) fixture.close();
    }

    @Test
    void shouldCloseIdentifiesBeyondTheDailyStartLimitWith4008EvenInABurstAndReportIt() {
        Account burster = users.register("burster");
        Account other = users.register("unhurried");
        try (Gateway gateway = fixture.startAnotherGateway(s -> s.with(AdmissionSettings.SESSION_STARTS_TOTAL, 3))) {
            List<GatewayTestClient> clients = IntStream.range(0, 5).mapToObj(i -> hello(gateway)).toList();
            clients.forEach(c -> c.send(GatewayTestClient.identifyPayload(burster.token(), Intents.GUILDS)));
            List<String> outcomes = clients.stream().map(GatewayLimitsIntegrationTest::outcome).sorted().toList();
            assertEquals(List.of("4008", "4008", "READY", "READY", "READY"), outcomes,
                    "the starts not yet in the store count: a burst cannot overshoot");

            JsonNode limit = RawHttpClient.send("127.0.0.1", gateway.port(), null, "GET", "/api/v10/gateway/bot",
                    Map.of("Authorization", "Bot " + burster.token()), null).json().get("session_start_limit");
            assertEquals(3, limit.get("total").asInt());
            assertEquals(0, limit.get("remaining").asInt(), "GET /gateway/bot reports what is enforced");
            assertEquals(1, limit.get("max_concurrency").asInt());
            long resetAfter = limit.get("reset_after").asLong();
            assertTrue(resetAfter > Duration.ofHours(23).toMillis() && resetAfter <= Duration.ofHours(24).toMillis());

            try (GatewayTestClient fresh = hello(gateway)) {
                fresh.send(GatewayTestClient.identifyPayload(burster.token(), Intents.GUILDS));
                assertEquals(4008, fresh.awaitCloseCode(), "still over the limit");
            }
            try (GatewayTestClient another = hello(gateway)) {
                another.send(GatewayTestClient.identifyPayload(other.token(), Intents.GUILDS));
                another.awaitDispatch("READY");
            }
            assertTrue(gateway.metrics().scrape().contains("limit=\"session_starts\""));
            clients.forEach(GatewayTestClient::close);
        }
    }

    @Test
    void shouldHoldAnIdentifyUntilItsMaxConcurrencySlotAndRefuseOneBeyondTheLongestWait() {
        Account bot = users.register("sharded");
        Account other = users.register("patient");
        try (Gateway gateway = fixture.startAnotherGateway(s -> GatewayFixture.withDefaults(s, AdmissionSettings.IDENTIFY_INTERVAL)
                .with(AdmissionSettings.IDENTIFY_MAX_WAIT, Duration.ofSeconds(7)));
             GatewayTestClient first = hello(gateway);
             GatewayTestClient second = hello(gateway);
             GatewayTestClient third = hello(gateway);
             GatewayTestClient neighbour = hello(gateway)) {
            first.send(GatewayTestClient.identifyPayload(bot.token(), Intents.GUILDS));
            first.awaitDispatch("READY");
            second.send(GatewayTestClient.identifyPayload(bot.token(), Intents.GUILDS));
            third.send(GatewayTestClient.identifyPayload(bot.token(), Intents.GUILDS));
            neighbour.send(GatewayTestClient.identifyPayload(other.token(), Intents.GUILDS));
            neighbour.awaitDispatch("READY");
            assertNull(nextDispatch(second), "held until 5 s after the first IDENTIFY, while another user started at once");
            assertNull(nextDispatch(third));

            List<GatewayTestClient> pair = List.of(second, third);
            GatewayTestClient refused = Eventually.await(Duration.ofSeconds(10), "the IDENTIFY that came last refused",
                    () -> pair.stream().filter(GatewayTestClient::isClosed).findFirst().orElse(null));
            assertEquals(4008, refused.awaitCloseCode(), "its slot is 10 s away, beyond the 7 s wait");
            GatewayTestClient held = refused == second ? third : second;
            held.awaitDispatch("READY");
            assertTrue(gateway.metrics().scrape().contains("limit=\"identify_concurrency\""));
        }
    }

    @Test
    void shouldCloseAnIdentifyBeyondTheSessionsPerUserWith4008() {
        Account greedy = users.register("greedy");
        Account other = users.register("modest");
        try (Gateway gateway = fixture.startAnotherGateway(s -> s.with(AdmissionSettings.SESSIONS_PER_USER, 2));
             GatewayTestClient one = ready(gateway, greedy);
             GatewayTestClient two = ready(gateway, greedy);
             GatewayTestClient neighbour = ready(gateway, other)) {
            try (GatewayTestClient three = hello(gateway)) {
                three.send(GatewayTestClient.identifyPayload(greedy.token(), Intents.GUILDS));
                assertEquals(4008, three.awaitCloseCode());
            }
            one.close(1000);
            Eventually.await(Duration.ofSeconds(10), "the ended session left the registry",
                    () -> gateway.sessions().sessionsOf(Long.parseLong(greedy.id())).size() == 1);
            try (GatewayTestClient again = ready(gateway, greedy)) {
                neighbour.send("{\"op\":1,\"d\":null}");
                neighbour.expectOp(11);
            }
        }
    }

    @Test
    void shouldRefuseARevokedTokenBeforeItTakesAnyOfTheRealUsersIdentifySlots() {
        Account victim = users.register("victim");
        String leaked = victim.token();
        assertEquals(204, fixture.post("/api/v10/auth/logout", "{}", leaked).statusCode());
        HttpResponse<String> minted = GatewayFixture.request("POST", "http://127.0.0.1:" + fixture.gateway().adminPort()
                + "/admin/users/" + victim.id() + "/tokens", "Bearer " + GatewayFixture.ADMIN_TOKEN);
        assertEquals(200, minted.statusCode(), minted.body());
        String fresh = GatewayFixture.json(minted.body()).get("token").asText();
        try (Gateway gateway = fixture.startAnotherGateway(s -> GatewayFixture.withDefaults(s, AdmissionSettings.IDENTIFY_INTERVAL)
                .with(AdmissionSettings.IDENTIFY_MAX_WAIT, Duration.ZERO))) {
            for (int i = 0; i < 3; i++) {
                try (GatewayTestClient attacker = hello(gateway)) {
                    attacker.send(GatewayTestClient.identifyPayload(leaked, Intents.GUILDS));
                    assertEquals(4004, attacker.awaitCloseCode(), "the revoked token, not a slot it took (4008)");
                }
            }
            try (GatewayTestClient owner = GatewayFixture.identified(gateway, fresh, Intents.GUILDS)) {
                assertFalse(owner.isClosed(), "the user's one slot per interval is still free: no wait allowed, READY");
            }
        }
    }

    @Test
    void shouldServeTheNextIdentifyAfterAStormOfClientsThatIdentifiedAndLeftAtOnce() {
        Account leaver = users.register("leaver");
        Account next = users.register("next");
        try (Gateway gateway = fixture.startAnotherGateway(s -> s.with(GatewaySettings.STARTS_CONCURRENCY, 1))) {
            for (int i = 0; i < 20; i++) {
                GatewayTestClient client = hello(gateway);
                client.send(GatewayTestClient.identifyPayload(leaver.token(), Intents.GUILDS));
                client.abort();
            }
            try (GatewayTestClient served = GatewayFixture.identified(gateway, next.token(), Intents.GUILDS)) {
                assertFalse(served.isClosed(), "each turn a start took came back once it stopped");
            }
            Eventually.await(Duration.ofSeconds(10), "the starts of clients that left left no session behind",
                    () -> gateway.sessions().sessionsOf(Long.parseLong(leaver.id())).isEmpty());
        }
    }

    @Test
    void shouldCloseAConnectionThatNeverIdentifiesWith4003EvenIfItHeartbeats() {
        Account other = users.register("identified");
        try (Gateway gateway = fixture.startAnotherGateway(s -> s.with(AdmissionSettings.IDENTIFY_TIMEOUT, Duration.ofSeconds(1)));
             GatewayTestClient neighbour = ready(gateway, other);
             GatewayTestClient lurker = hello(gateway)) {
            lurker.send("{\"op\":1,\"d\":null}");
            lurker.expectOp(11);
            assertEquals(4003, lurker.awaitCloseCode());
            neighbour.send("{\"op\":1,\"d\":null}");
            neighbour.expectOp(11);
            assertFalse(neighbour.isClosed(), "an identified connection has no such deadline");
            assertTrue(gateway.metrics().scrape().contains("limit=\"identify_timeout\""));
        }
    }

    @Test
    void shouldRefuseConnectionsBeyondTheCapPerAddressWith4008() {
        try (Gateway gateway = fixture.startAnotherGateway(s -> s.with(AdmissionSettings.CONNECTIONS_PER_ADDRESS, 2))) {
            List<RawGatewaySocket> hoard = new ArrayList<>();
            try {
                for (int i = 0; i < 2; i++) {
                    RawGatewaySocket socket = RawGatewaySocket.connect("127.0.0.4", gateway.port(), null);
                    hoard.add(socket);
                    assertEquals(10, socket.next().json().get("op").asInt(), "HELLO");
                }
                try (RawGatewaySocket refused = RawGatewaySocket.connect("127.0.0.4", gateway.port(), null)) {
                    assertEquals(4008, refused.awaitCloseCode());
                }
                try (GatewayTestClient neighbour = GatewayFixture.connect(gateway, "")) {
                    neighbour.expectOp(10);
                }
                hoard.remove(0).close();
                RawGatewaySocket again = Eventually.await(Duration.ofSeconds(10), "a slot freed by the close",
                        () -> helloOrNull(RawGatewaySocket.connect("127.0.0.4", gateway.port(), null)));
                hoard.add(again);
                assertTrue(gateway.metrics().scrape().contains("limit=\"connections_per_address\""));
            } finally {
                hoard.forEach(RawGatewaySocket::close);
            }
        }
    }

    @Test
    void shouldCountTheAddressAPROXYProtocolHeaderNamesAndRefuseConnectionsWithoutOne() {
        try (Gateway gateway = fixture.startAnotherGateway(s -> s.with(ListenerSettings.PROXY_PROTOCOL, true)
                .with(ListenerSettings.PROXY_TRUSTED_SOURCES, "127.0.0.1")
                .with(AdmissionSettings.CONNECTIONS_PER_ADDRESS, 1));
             RawGatewaySocket first = RawGatewaySocket.connect("127.0.0.1", gateway.port(),
                     RawHttpClient.proxyHeader("203.0.113.7", gateway.port()))) {
            assertEquals(10, first.next().json().get("op").asInt());
            try (RawGatewaySocket sameClient = RawGatewaySocket.connect("127.0.0.1", gateway.port(),
                    RawHttpClient.proxyHeader("203.0.113.7", gateway.port()))) {
                assertEquals(4008, sameClient.awaitCloseCode(), "one client behind the balancer, one connection");
            }
            try (RawGatewaySocket otherClient = RawGatewaySocket.connect("127.0.0.1", gateway.port(),
                    RawHttpClient.proxyHeader("203.0.113.8", gateway.port()))) {
                assertEquals(10, otherClient.next().json().get("op").asInt(), "another client, though the same peer");
            }
            assertEquals(200, RawHttpClient.send("127.0.0.1", gateway.port(), RawHttpClient.proxyHeader("203.0.113.9",
                    gateway.port()), "GET", "/api/v10/gateway", Map.of(), null).status());
            assertThrows(UncheckedIOException.class, () -> RawGatewaySocket.connect("127.0.0.1", gateway.port(), null),
                    "without a PROXY header there is no telling who the client is");
        }
    }

    @Test
    void shouldListAWholeGuildOncePerIntervalAndAnswerRepeatsWithRATE_LIMITED() {
        Account owner = users.register("lister");
        Account member = users.register("member");
        String guildId = users.createGuild(owner, "Listed").get("id").asText();
        users.join(member, guildId);
        try (GatewayTestClient lister = fixture.identified(owner.token(), GUILDS_AND_MEMBERS);
             GatewayTestClient neighbour = fixture.identified(member.token(), GUILDS_AND_MEMBERS)) {
            lister.send(wholeGuild(guildId, "first"));
            JsonNode chunk = lister.awaitDispatch("GUILD_MEMBERS_CHUNK").get("d");
            assertEquals("first", chunk.get("nonce").asText());
            assertEquals(1, chunk.get("chunk_count").asInt(), "chunk_count from member_count");
            assertEquals(2, chunk.get("members").size());

            lister.send(wholeGuild(guildId, "again"));
            JsonNode limited = lister.awaitDispatch("RATE_LIMITED").get("d");
            assertEquals(8, limited.get("opcode").asInt());
            double retryAfter = limited.get("retry_after").asDouble();
            assertTrue(retryAfter > 0 && retryAfter <= 30, "retry_after " + retryAfter);
            assertEquals(guildId, limited.get("meta").get("guild_id").asText());
            assertEquals("again", limited.get("meta").get("nonce").asText());

            neighbour.send(wholeGuild(guildId, "mine"));
            assertEquals(2, neighbour.awaitDispatch("GUILD_MEMBERS_CHUNK").get("d").get("members").size(),
                    "another user's requests have their own window");

            String ids = IntStream.range(0, 101).mapToObj(i -> "\"" + (i == 0 ? owner.id() : Long.toString(90_000 + i)) + "\"")
                    .collect(Collectors.joining(","));
            lister.send("{\"op\":8,\"d\":{\"guild_id\":\"" + guildId + "\",\"user_ids\":[" + ids + "],\"nonce\":\"ids\"}}");
            JsonNode byIds = lister.awaitDispatch("GUILD_MEMBERS_CHUNK").get("d");
            assertEquals(1, byIds.get("members").size());
            assertEquals(99, byIds.get("not_found").size(), "the first 100 ids are looked up, the rest ignored");
            assertTrue(fixture.gateway().metrics().scrape().contains("limit=\"member_requests\""));
        }
    }

    /** READY, or the close code, whichever comes first. */
    private static String outcome(GatewayTestClient client) {
        return Eventually.await(GatewayTestClient.TIMEOUT, "READY or a close", () -> {
            JsonNode message;
            try {
                message = client.poll(Duration.ofMillis(1));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
            if (message != null && "READY".equals(message.path("t").asText())) return "READY";
            return message == null && client.isClosed() ? Integer.toString(client.awaitCloseCode()) : null;
        });
    }

    private static JsonNode nextDispatch(GatewayTestClient client) {
        try {
            JsonNode message = client.poll(Duration.ofMillis(50));
            return message != null && message.path("op").asInt() == 0 ? message : null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    private static RawGatewaySocket helloOrNull(RawGatewaySocket socket) {
        RawGatewaySocket.Frame frame = socket.next();
        if (frame.opcode() == 1 && frame.json().get("op").asInt() == 10) return socket;
        socket.close();
        return null;
    }

    private static GatewayTestClient ready(Gateway gateway, Account account) {
        return GatewayFixture.identified(gateway, account.token(), Intents.GUILDS);
    }

    private static String wholeGuild(String guildId, String nonce) {
        return "{\"op\":8,\"d\":{\"guild_id\":\"" + guildId + "\",\"query\":\"\",\"limit\":0,\"nonce\":\"" + nonce + "\"}}";
    }
}
