package dev.parley.load;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.schemas.json.Json;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.function.IntFunction;

/**
 * The REST calls a load run needs to set itself up (users, a guild, members) and to post. At most
 * {@code concurrency} requests are in flight; a request that fails is retried (503s happen while the apps settle). A
 * 429 is not waited out: the gateway under load must run with its rate limits raised ({@link GatewayLimits}).
 */
public final class Api {
    private static final int ATTEMPTS = 5;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private final String base;
    private final Semaphore slots;

    /** @param base e.g. {@code http://localhost:8080} */
    public Api(String base, int concurrency) {
        this.base = base;
        this.slots = new Semaphore(concurrency);
    }

    /** An account: a user id and its token. */
    public record Account(long id, String token) {
    }

    /** Registers {@code count} users named {@code prefix0..}, in parallel. */
    public List<Account> register(String prefix, int count, boolean bot) {
        return all(count, i -> call("POST", "/api/v10/auth/register",
                "{\"username\":\"" + prefix + i + "\",\"bot\":" + bot + "}", null)
                .thenApply(body -> new Account(body.get("user").get("id").asLong(), body.get("token").asText())));
    }

    /** Creates a guild; returns its id and its first channel's id. */
    public long[] createGuild(Account owner, String name) {
        JsonNode guild = call("POST", "/api/v10/guilds", "{\"name\":\"" + name + "\"}", owner.token()).join();
        return new long[]{guild.get("id").asLong(), guild.get("channels").get(0).get("id").asLong()};
    }

    /** Every account joins the guild. */
    public void join(long guildId, List<Account> members) {
        all(members.size(), i -> call("PUT", "/api/v10/guilds/" + guildId + "/members/@me", null, members.get(i).token()));
    }

    public CompletableFuture<JsonNode> post(Account author, long channelId, String content) {
        return call("POST", "/api/v10/channels/" + channelId + "/messages", "{\"content\":\"" + content + "\"}", author.token());
    }

    public CompletableFuture<JsonNode> patchMe(Account user, String json) {
        return call("PATCH", "/api/v10/users/@me", json, user.token());
    }

    private <T> List<T> all(int count, IntFunction<CompletableFuture<T>> request) {
        List<CompletableFuture<T>> calls = new ArrayList<>();
        for (int i = 0; i < count; i++) calls.add(request.apply(i));
        return calls.stream().map(CompletableFuture::join).toList();
    }

    /**
     * {@code GET /healthz} with the admin token (its {@code checks} come only with it; without it, or when the
     * gateway is not ready, the answer has no checks).
     */
    public CompletableFuture<JsonNode> health(String adminToken) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + "/healthz")).timeout(Duration.ofSeconds(30));
        if (adminToken != null && !adminToken.isBlank()) request.header("Authorization", "Bearer " + adminToken);
        return http.sendAsync(request.build(), HttpResponse.BodyHandlers.ofByteArray()).thenApply(r -> parse(r.body()));
    }

    /** A request, retried on failure or 5xx, answering the JSON body (an empty object for 204). */
    public CompletableFuture<JsonNode> call(String method, String path, String body, String token) {
        return attempt(method, path, body, token, 1);
    }

    private CompletableFuture<JsonNode> attempt(String method, String path, String body, String token, int attempt) {
        slots.acquireUninterruptibly();
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) request.header("Content-Type", "application/json");
        if (token != null) request.header("Authorization", "Bot " + token);
        return http.sendAsync(request.build(), HttpResponse.BodyHandlers.ofByteArray())
                .whenComplete((r, e) -> slots.release())
                .handle((response, error) -> {
                    boolean retry = error != null || response.statusCode() >= 500;
                    if (retry && attempt < ATTEMPTS) return null;
                    if (error != null) throw new IllegalStateException(method + " " + path + " failed", error);
                    if (response.statusCode() == 429) GatewayLimits.hit();
                    if (response.statusCode() >= 400) {
                        throw new IllegalStateException(method + " " + path + " answered " + response.statusCode() + ": "
                                + new String(response.body(), java.nio.charset.StandardCharsets.UTF_8));
                    }
                    return parse(response.body());
                })
                .thenCompose(parsed -> parsed != null ? CompletableFuture.completedFuture(parsed)
                        : CompletableFuture.supplyAsync(() -> null, CompletableFuture.delayedExecutor(200L * attempt,
                        java.util.concurrent.TimeUnit.MILLISECONDS)).thenCompose(x -> attempt(method, path, body, token, attempt + 1)));
    }

    private static JsonNode parse(byte[] body) {
        try {
            return body.length == 0 ? Json.MAPPER.createObjectNode() : Json.MAPPER.readTree(body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
