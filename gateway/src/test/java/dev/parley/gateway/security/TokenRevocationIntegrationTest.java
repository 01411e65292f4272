package dev.parley.gateway.security;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.gateway.Gateway;
import dev.parley.gateway.GatewaySettings;
import dev.parley.gateway.auth.AuthSettings;
import dev.parley.gateway.auth.Tokens;
import dev.parley.gateway.protocol.Intents;
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
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

/**
 * Tokens can be revoked one user at a time, and a token of a user that does not exist opens nothing: REST answers
 * 401, IDENTIFY and RESUME close with 4004, a live session of the revoked user is closed with 4004, a token minted
 * afterwards works, and other users notice nothing. Real broker, real state apps, real sockets.
 */
@ExtendWith(KafkaBrokerExtension.class)
class TokenRevocationIntegrationTest {
    private static final long INTENTS = Intents.GUILDS | Intents.GUILD_MESSAGES;
    private static final JsonNode UNAUTHORIZED = GatewayFixture.json("{\"code\":0,\"message\":\"401: Unauthorized\"}");
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
    void shouldCloseTheLiveSessionAndRefuseTheTokenEverywhereAfterLogoutWhileOthersCarryOn() {
        JsonNode alice = fixture.register("leaked_alice", false);
        JsonNode bob = fixture.register("bystander_bob", false);
        String leaked = alice.get("token").asText();
        String aliceId = alice.get("user").get("id").asText();
        String bobToken = bob.get("token").asText();
        try (GatewayTestClient attacker = identified(leaked); GatewayTestClient bystander = identified(bobToken)) {
            assertEquals(204, fixture.post("/api/v10/auth/logout", "{}", leaked).statusCode());

            assertEquals(4004, attacker.awaitCloseCode(), "the live session of the revoked token");
            assertUnauthorized(fixture.get("/api/v10/users/@me", leaked));
            assertEquals(4004, identifyCloseCode(leaked));

            assertEquals(200, fixture.get("/api/v10/users/@me", bobToken).statusCode(), "another user's token");
            bystander.send("{\"op\":1,\"d\":null}");
            awaitOp(bystander, 11);
            assertFalse(bystander.isClosed(), "another user's session");
        }

        JsonNode minted = mint(aliceId);
        assertEquals(1, minted.get("generation").asLong());
        String fresh = minted.get("token").asText();
        HttpResponse<String> me = fixture.get("/api/v10/users/@me", fresh);
        assertEquals(200, me.statusCode(), me.body());
        assertEquals(aliceId, GatewayFixture.json(me.body()).get("id").asText());
        try (GatewayTestClient back = identified(fresh)) {
            assertFalse(back.isClosed());
        }

        fixture.restartStreams();
        assertEquals(4004, identifyCloseCode(leaked), "the revocation is in Kafka: it outlives a restart");
        try (GatewayTestClient afterRestart = identified(fresh)) {
            assertFalse(afterRestart.isClosed());
        }
    }

    @Test
    void shouldCloseAResumeWithATokenRevokedWhileTheClientWasAway() {
        JsonNode carol = fixture.register("resuming_carol", false);
        String token = carol.get("token").asText();
        String sessionId;
        long seq;
        GatewayTestClient first = fixture.hello();
        JsonNode ready = first.identify(token, INTENTS);
        sessionId = ready.get("d").get("session_id").asText();
        seq = ready.get("s").asLong();
        first.abort();

        assertEquals(204, admin("POST", "/admin/users/" + carol.get("user").get("id").asText() + "/revoke-tokens",
                GatewayFixture.ADMIN_TOKEN).statusCode());

        try (GatewayTestClient again = fixture.connect("")) {
            again.expectOp(10);
            again.send("{\"op\":6,\"d\":{\"token\":\"" + token + "\",\"session_id\":\"" + sessionId + "\",\"seq\":" + seq + "}}");
            assertEquals(4004, again.awaitCloseCode());
        }
        Eventually.await(Duration.ofSeconds(10), "the revoked session ended",
                () -> fixture.gateway().sessions().find(sessionId) == null);
    }

    @Test
    void shouldLetOnlyAnOperatorRevokeAnyUsersTokensThroughTheAdminApi() {
        JsonNode dave = fixture.register("revoked_dave", true);
        JsonNode erin = fixture.register("untouched_erin", false);
        String daveToken = dave.get("token").asText();
        String revoke = "/admin/users/" + dave.get("user").get("id").asText() + "/revoke-tokens";
        try (GatewayTestClient session = identified(daveToken); GatewayTestClient other = identified(erin.get("token").asText())) {
            assertEquals(401, admin("POST", revoke, null).statusCode());
            assertEquals(401, admin("POST", revoke, "not-the-admin-token").statusCode());
            assertEquals(401, admin("POST", revoke, GatewayFixture.CLUSTER_SECRET).statusCode(),
                    "the cluster secret is not the admin token");
            assertEquals(200, fixture.get("/api/v10/users/@me", daveToken).statusCode(), "nothing revoked yet");

            assertEquals(204, admin("POST", revoke, GatewayFixture.ADMIN_TOKEN).statusCode());

            assertEquals(4004, session.awaitCloseCode());
            assertUnauthorized(fixture.get("/api/v10/users/@me", daveToken));
            assertEquals(200, fixture.get("/api/v10/users/@me", erin.get("token").asText()).statusCode());
            other.send("{\"op\":1,\"d\":null}");
            awaitOp(other, 11);
        }
        assertEquals(404, admin("POST", "/admin/users/1999999999999999999/revoke-tokens", GatewayFixture.ADMIN_TOKEN).statusCode());
        assertEquals(404, admin("POST", "/admin/users/1999999999999999999/tokens", GatewayFixture.ADMIN_TOKEN).statusCode());
        assertEquals(401, admin("POST", "/admin/users/" + dave.get("user").get("id").asText() + "/tokens", null).statusCode());
    }

    @Test
    void shouldRefuseOnAnotherGatewayARevokedTokenItHadAlreadyAccepted() {
        JsonNode frank = fixture.register("cached_frank", false);
        String token = frank.get("token").asText();
        try (Gateway other = fixture.startAnotherGateway(settings -> settings.with(GatewaySettings.WORKER_ID, 3)
                .with(AuthSettings.TOKEN_CACHE_TTL, Duration.ofSeconds(1)))) {
            String otherBase = "http://127.0.0.1:" + other.port();
            assertEquals(200, get(otherBase + "/api/v10/users/@me", token).statusCode(), "accepted, and kept");

            assertEquals(204, fixture.post("/api/v10/auth/logout", "{}", token).statusCode());

            Eventually.await(Duration.ofSeconds(15), "the other gateway refusing the token once its cache expired",
                    () -> get(otherBase + "/api/v10/users/@me", token).statusCode() == 401);
            assertUnauthorized(get(otherBase + "/api/v10/users/@me", token));
        }
    }

    @Test
    void shouldRefuseATokenOfAUserThatDoesNotExistOnEveryAuthenticatedEndpoint() {
        JsonNode owner = fixture.register("real_owner", false);
        String real = owner.get("token").asText();
        JsonNode guild = GatewayFixture.json(fixture.send("POST", "/api/v10/guilds", "{\"name\":\"Real\"}", real).body());
        String g = guild.get("id").asText();
        String c = guild.get("channels").get(0).get("id").asText();
        String ghost = new Tokens(GatewayFixture.SECRET).mint(1_999_999_999_999_999_999L, 0, System.currentTimeMillis() / 1000);
        List<String[]> endpoints = List.of(
                new String[]{"GET", "/gateway/bot", null},
                new String[]{"GET", "/users/@me", null},
                new String[]{"PATCH", "/users/@me", "{\"global_name\":\"Ghost\"}"},
                new String[]{"GET", "/users/" + owner.get("user").get("id").asText(), null},
                new String[]{"POST", "/auth/logout", "{}"},
                new String[]{"POST", "/guilds", "{\"name\":\"Haunted\"}"},
                new String[]{"GET", "/guilds/" + g, null},
                new String[]{"PATCH", "/guilds/" + g, "{\"name\":\"Mine\"}"},
                new String[]{"GET", "/guilds/" + g + "/channels", null},
                new String[]{"POST", "/guilds/" + g + "/channels", "{\"name\":\"crypt\"}"},
                new String[]{"GET", "/guilds/" + g + "/members", null},
                new String[]{"PUT", "/guilds/" + g + "/members/@me", null},
                new String[]{"DELETE", "/users/@me/guilds/" + g, null},
                new String[]{"GET", "/channels/" + c, null},
                new String[]{"GET", "/channels/" + c + "/messages", null},
                new String[]{"POST", "/channels/" + c + "/messages", "{\"content\":\"boo\"}"},
                new String[]{"POST", "/channels/" + c + "/typing", null});
        for (String[] endpoint : endpoints) {
            HttpResponse<String> answer = fixture.send(endpoint[0], "/api/v10" + endpoint[1], endpoint[2], ghost);
            assertEquals(401, answer.statusCode(), endpoint[0] + " " + endpoint[1] + ": " + answer.body());
            assertEquals(UNAUTHORIZED, GatewayFixture.json(answer.body()), endpoint[0] + " " + endpoint[1]);
        }
        assertEquals(4004, identifyCloseCode(ghost));

        assertEquals(200, fixture.get("/api/v10/guilds/" + g + "/channels", real).statusCode(), "the owner's token works");
        HttpResponse<String> history = fixture.get("/api/v10/channels/" + c + "/messages", real);
        assertEquals(200, history.statusCode());
        assertEquals(0, GatewayFixture.json(history.body()).size(), "the ghost posted nothing");
        assertNotEquals(401, fixture.send("PATCH", "/api/v10/guilds/" + g, "{\"name\":\"Still Real\"}", real).statusCode());
    }

    private static GatewayTestClient identified(String token) {
        return fixture.identified(token, INTENTS);
    }

    private static int identifyCloseCode(String token) {
        try (GatewayTestClient client = fixture.hello()) {
            client.send(GatewayTestClient.identifyPayload(token, INTENTS));
            return client.awaitCloseCode();
        }
    }

    private static void awaitOp(GatewayTestClient client, int op) {
        while (client.next().path("op").asInt() != op) {
            // skip dispatches
        }
    }

    private static void assertUnauthorized(HttpResponse<String> response) {
        assertEquals(401, response.statusCode(), response.body());
        assertEquals(UNAUTHORIZED, GatewayFixture.json(response.body()));
    }

    /** A token of {@code userId} from the admin API, at the user's current generation: {@code {"token", "generation"}}. */
    private static JsonNode mint(String userId) {
        HttpResponse<String> response = admin("POST", "/admin/users/" + userId + "/tokens", GatewayFixture.ADMIN_TOKEN);
        assertEquals(200, response.statusCode(), response.body());
        return GatewayFixture.json(response.body());
    }

    private static HttpResponse<String> admin(String method, String path, String bearer) {
        return GatewayFixture.request(method, "http://127.0.0.1:" + fixture.gateway().adminPort() + path,
                bearer == null ? null : "Bearer " + bearer);
    }

    private static HttpResponse<String> get(String url, String token) {
        return GatewayFixture.request("GET", url, "Bot " + token);
    }
}
