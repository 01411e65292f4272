package dev.parley.gateway.security;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.gateway.Gateway;
import dev.parley.gateway.http.ListenerSettings;
import dev.parley.gateway.ratelimit.Rate;
import dev.parley.gateway.ratelimit.RateLimitSettings;
import dev.parley.gateway.testing.GatewayFixture;
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
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.stream.StreamSupport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Attacks on the REST API's rate limits, each against the production defaults of the limit it floods, each while
 * another user (or address) is served at the same time: a message flood, a flood of new major ids against the global
 * limit, a registration flood from one address (whatever its X-Forwarded-For says), and token guessing.
 */
@ExtendWith(KafkaBrokerExtension.class)
class RestRateLimitIntegrationTest {
    private static GatewayFixture fixture;
    private static TestUsers users;
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    static void start(TestKafka kafka, @TempDir Path state) {
        fixture = GatewayFixture.start(kafka, state, settings -> GatewayFixture.withDefaults(settings, RateLimitSettings.GLOBAL,
                RateLimitSettings.ROUTE, RateLimitSettings.MESSAGE_POSTS, RateLimitSettings.INVALID_AUTH));
        users = new TestUsers(fixture);
    }

    @AfterAll
    static void stop() {
        if (fixture != null) fixture.close();
    }

    @Test
    void shouldAnswerAMessageFloodWith429AndDiscordsHeadersWhileAnotherUserPostsToTheSameChannel() {
        Account flooder = users.register("flooder");
        Account bystander = users.register("bystander");
        JsonNode guild = users.createGuild(flooder, "flooded");
        String channel = guild.get("channels").get(0).get("id").asText();
        users.join(bystander, guild.get("id").asText());

        String bucket = null;
        for (int i = 1; i <= 5; i++) {
            HttpResponse<String> posted = users.tryPost(flooder, channel, "m" + i);
            assertEquals(200, posted.statusCode(), posted.body());
            assertEquals("5", header(posted, "X-RateLimit-Limit"));
            assertEquals(Integer.toString(5 - i), header(posted, "X-RateLimit-Remaining"));
            double resetAfter = Double.parseDouble(header(posted, "X-RateLimit-Reset-After"));
            assertTrue(resetAfter > 0 && resetAfter <= 5, "Reset-After " + resetAfter);
            double reset = Double.parseDouble(header(posted, "X-RateLimit-Reset"));
            assertTrue(Math.abs(reset - (System.currentTimeMillis() / 1000.0 + resetAfter)) < 2, "Reset " + reset);
            if (bucket == null) bucket = header(posted, "X-RateLimit-Bucket");
            assertEquals(bucket, header(posted, "X-RateLimit-Bucket"), "one bucket id for the route");
        }

        HttpResponse<String> refused = users.tryPost(flooder, channel, "m6");
        assertEquals(429, refused.statusCode());
        JsonNode body = GatewayFixture.json(refused.body());
        assertEquals("You are being rate limited.", body.get("message").asText());
        assertFalse(body.get("global").asBoolean());
        assertEquals(0, body.get("code").asInt());
        double retryAfter = body.get("retry_after").asDouble();
        assertTrue(retryAfter > 0 && retryAfter <= 5, "retry_after " + retryAfter);
        assertEquals(Double.parseDouble(header(refused, "X-RateLimit-Reset-After")), retryAfter, 0.001,
                "retry_after is when the bucket resets");
        long retryAfterHeader = Long.parseLong(header(refused, "Retry-After"));
        assertEquals((long) Math.ceil(retryAfter), Math.max(1, retryAfterHeader), "Retry-After in whole seconds, rounded up");
        assertEquals("user", header(refused, "X-RateLimit-Scope"));
        assertNull(refused.headers().firstValue("X-RateLimit-Global").orElse(null));
        assertEquals("0", header(refused, "X-RateLimit-Remaining"));
        assertEquals(bucket, header(refused, "X-RateLimit-Bucket"));
        assertNotNull(header(refused, "Via"), "JDA takes a 429 without Via for a Cloudflare ban");

        assertEquals(200, users.tryPost(bystander, channel, "meanwhile").statusCode(), "another user's bucket is its own");

        long until = System.nanoTime() + (long) (retryAfter * 1e9);
        Eventually.await(Duration.ofSeconds(10), "retry_after waited out", () -> System.nanoTime() >= until);
        HttpResponse<String> after = users.tryPost(flooder, channel, "after waiting");
        assertEquals(200, after.statusCode(), after.body());
        assertEquals("4", header(after, "X-RateLimit-Remaining"), "a new window");

        JsonNode history = GatewayFixture.json(fixture.get("/api/v10/channels/" + channel + "/messages?limit=100",
                bystander.token()).body());
        long fromFlooder = StreamSupport.stream(history.spliterator(), false)
                .filter(m -> m.get("author").get("id").asText().equals(flooder.id())).count();
        assertEquals(6, fromFlooder, "the refused post never reached the guild app");
        assertTrue(fixture.gateway().metrics().scrape().contains("bucket=\"POST /channels/{channel_id}/messages\""));
    }

    /**
     * {@code POST /channels/<random>/messages?channel_id=<target>}: Undertow's query map lists a query parameter
     * before the path's of the same name, so an endpoint reading it there posted to the target while the limiter
     * counted a new bucket each time. Path parameters come from the matched path only.
     */
    @Test
    void shouldPostToAndCountAgainstThePathsChannelWhateverTheQueryStringNames() {
        Account smuggler = users.register("smuggler");
        JsonNode guild = users.createGuild(smuggler, "smuggled");
        String target = guild.get("channels").get(0).get("id").asText();
        for (int i = 1; i <= 5; i++) assertEquals(200, users.tryPost(smuggler, target, "m" + i).statusCode());

        for (int i = 0; i < 10; i++) {
            HttpResponse<String> smuggled = fixture.send("POST", "/api/v10/channels/" + (1000 + i) + "/messages?channel_id="
                    + target, "{\"content\":\"smuggled " + i + "\"}", smuggler.token());
            assertEquals(404, smuggled.statusCode(), "the path's channel, which does not exist: " + smuggled.body());
            assertEquals(10003, GatewayFixture.json(smuggled.body()).get("code").asInt(), smuggled.body());
        }
        HttpResponse<String> disguised = fixture.send("POST", "/api/v10/channels/" + target + "/messages?channel_id=1000",
                "{\"content\":\"disguised\"}", smuggler.token());
        assertEquals(429, disguised.statusCode(), "counted against the path's channel: " + disguised.body());
        assertEquals(429, users.tryPost(smuggler, target, "m6").statusCode());

        JsonNode history = GatewayFixture.json(fixture.get("/api/v10/channels/" + target + "/messages?limit=100",
                smuggler.token()).body());
        assertEquals(5, history.size(), "only the five posts within the limit reached the channel: " + history);
    }

    @Test
    void shouldRefuseAFloodOfNewMajorIdsAtTheGlobalLimitWhileAnotherUserIsServed() {
        Account flooder = users.register("spreader");
        Account other = users.register("other");
        List<CompletableFuture<HttpResponse<String>>> flood = new ArrayList<>();
        for (int i = 0; i < 200; i++) flood.add(getAsync("/api/v10/guilds/" + (1000 + i), flooder.token()));
        HttpResponse<String> meanwhile = fixture.get("/api/v10/users/@me", other.token());
        List<HttpResponse<String>> answers = flood.stream().map(CompletableFuture::join).toList();

        assertEquals(200, meanwhile.statusCode(), "another user's global limit is its own");
        List<HttpResponse<String>> limited = answers.stream().filter(r -> r.statusCode() == 429).toList();
        assertFalse(limited.isEmpty(), "200 requests at once are over 50 per second");
        assertTrue(answers.stream().filter(r -> r.statusCode() != 429).count() >= 50);
        HttpResponse<String> refused = limited.get(0);
        JsonNode body = GatewayFixture.json(refused.body());
        assertTrue(body.get("global").asBoolean(), refused.body());
        double retryAfter = body.get("retry_after").asDouble();
        assertTrue(retryAfter > 0 && retryAfter <= 1, "retry_after " + retryAfter);
        assertEquals("true", header(refused, "X-RateLimit-Global"));
        assertEquals("global", header(refused, "X-RateLimit-Scope"));
        assertNotNull(header(refused, "X-RateLimit-Bucket"), "the route's headers come along");

        long until = System.nanoTime() + (long) (retryAfter * 1e9);
        Eventually.await(Duration.ofSeconds(10), "retry_after waited out", () -> System.nanoTime() >= until);
        assertEquals(200, fixture.get("/api/v10/users/@me", flooder.token()).statusCode());
    }

    @Test
    void shouldLimitRegistrationsPerClientAddressWhateverXForwardedForSays() {
        try (Gateway gateway = fixture.startAnotherGateway(settings -> GatewayFixture.withDefaults(settings,
                RateLimitSettings.REGISTER, RateLimitSettings.ADDRESS))) {
            int limit = RateLimitSettings.REGISTER.defaultValue().limit();
            for (int i = 0; i < limit; i++) {
                RawHttpClient.Answer registered = register("127.0.0.2", gateway, "spammer" + i, Map.of());
                assertEquals(200, registered.status(), registered.body());
            }
            RawHttpClient.Answer refused = register("127.0.0.2", gateway, "spammer", Map.of());
            assertEquals(429, refused.status());
            assertEquals("user", refused.header("X-RateLimit-Scope"));
            assertEquals("0", refused.header("X-RateLimit-Remaining"));
            assertTrue(refused.json().get("retry_after").asDouble() > 0);
            for (String spoofed : List.of("198.51.100.1", "198.51.100.2, 127.0.0.9")) {
                assertEquals(429, register("127.0.0.2", gateway, "spoofer", Map.of("X-Forwarded-For", spoofed)).status(),
                        "a header anyone can write names no client");
            }
            assertEquals(200, register("127.0.0.1", gateway, "neighbour", Map.of()).status(), "another address registers");
            RawHttpClient.Answer url = RawHttpClient.send("127.0.0.2", gateway.port(), null, "GET", "/api/v10/gateway",
                    Map.of(), null);
            assertEquals(200, url.status(), "GET /gateway has a bucket of its own");
            assertNotNull(url.header("X-RateLimit-Bucket"));
        }
    }

    @Test
    void shouldRefuseAnAddressThatKeepsFailingAuthenticationWhileOthersAreServed() {
        Account user = users.register("honest");
        int limit = RateLimitSettings.INVALID_AUTH.defaultValue().limit();
        for (int i = 0; i < limit; i++) {
            RawHttpClient.Answer guess = RawHttpClient.send("127.0.0.3", fixture.gateway().port(), null, "GET",
                    "/api/v10/users/@me", Map.of("Authorization", "Bot guess" + i), null);
            assertEquals(401, guess.status());
        }
        RawHttpClient.Answer blocked = RawHttpClient.send("127.0.0.3", fixture.gateway().port(), null, "GET",
                "/api/v10/users/@me", Map.of("Authorization", "Bot " + user.token()), null);
        assertEquals(429, blocked.status(), "the address is refused before its token is even looked at");
        assertEquals("true", blocked.header("X-RateLimit-Global"));
        assertEquals("global", blocked.header("X-RateLimit-Scope"));
        assertTrue(blocked.json().get("global").asBoolean());
        double retryAfter = blocked.json().get("retry_after").asDouble();
        assertTrue(retryAfter > 0 && retryAfter <= 60, "retry_after " + retryAfter);
        assertEquals(200, fixture.get("/api/v10/users/@me", user.token()).statusCode(), "another address is served");
        assertTrue(fixture.gateway().metrics().scrape().contains("scope=\"invalid_auth\""));
    }

    /**
     * Behind a balancer the PROXY header names the client, and the per-address limits count that client; a peer
     * that is not a trusted balancer (someone reaching gateway.port directly) is closed before its header is read.
     */
    @Test
    void shouldBelieveAPROXYHeaderOnlyFromATrustedBalancer() {
        try (Gateway gateway = fixture.startAnotherGateway(s -> s.with(ListenerSettings.PROXY_PROTOCOL, true)
                .with(ListenerSettings.PROXY_TRUSTED_SOURCES, "127.0.0.1/32, 192.0.2.0/24")
                .with(RateLimitSettings.INVALID_AUTH, Rate.of(2, Duration.ofHours(1))))) {
            int port = gateway.port();
            for (int i = 0; i < 2; i++) assertEquals(401, guess("127.0.0.1", port, "203.0.113.10").status());
            assertEquals(429, guess("127.0.0.1", port, "203.0.113.10").status(), "the header's client is counted");
            assertEquals(401, guess("127.0.0.1", port, "203.0.113.11").status(), "another client behind the balancer");

            assertThrows(UncheckedIOException.class, () -> guess("127.0.0.2", port, "203.0.113.11"),
                    "a peer that is no balancer cannot claim a client's address");
            assertThrows(UncheckedIOException.class, () -> guess("127.0.0.2", port, "203.0.113.12"));
            assertEquals(401, guess("127.0.0.1", port, "203.0.113.11").status(),
                    "what the stranger claimed counted nothing against that client");
            assertTrue(gateway.metrics().scrape().contains("limit=\"proxy_untrusted\""));
        }
    }

    /** A request with a wrong token, from {@code peer}, with a PROXY header naming {@code client}. */
    private static RawHttpClient.Answer guess(String peer, int port, String client) {
        return RawHttpClient.send(peer, port, RawHttpClient.proxyHeader(client, port), "GET", "/api/v10/users/@me",
                Map.of("Authorization", "Bot not-a-token"), null);
    }

    private static RawHttpClient.Answer register(String from, Gateway gateway, String name, Map<String, String> headers) {
        return RawHttpClient.send(from, gateway.port(), null, "POST", "/api/v10/auth/register", headers,
                "{\"username\":\"" + name + "\",\"bot\":false}");
    }

    private CompletableFuture<HttpResponse<String>> getAsync(String path, String token) {
        return http.sendAsync(HttpRequest.newBuilder(URI.create(fixture.baseUrl() + path))
                .header("Authorization", "Bot " + token).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String header(HttpResponse<String> response, String name) {
        return response.headers().firstValue(name).orElseThrow(() -> new AssertionError("no " + name + " in "
                + response.headers().map()));
    }
}
