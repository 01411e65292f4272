package dev.parley.gateway.state;

import com.fasterxml.jackson.databind.JavaType;
import dev.parley.schemas.guild.User;
import dev.parley.schemas.json.Json;
import dev.parley.schemas.query.StateQueryApi;
import dev.parley.schemas.session.SessionStarts;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * Reads state from the streams apps' state query API ({@link StateQueryApi}). Any instance answers (it forwards
 * to the one holding the key). Non-blocking; every future completes within the timeout, failing with
 * {@link StateUnavailableException} when no instance answers or the store is moving.
 */
public final class StateClient {
    private final HttpClient http;
    private final Supplier<List<String>> baseUrls;
    private final Duration timeout;
    private final AtomicInteger next = new AtomicInteger();

    /** @param baseUrls the query API's instances, e.g. {@code http://localhost:7070}; asked in turn */
    public StateClient(Supplier<List<String>> baseUrls, Duration timeout) {
        this.http = HttpClient.newBuilder().connectTimeout(timeout).build();
        this.baseUrls = baseUrls;
        this.timeout = timeout;
    }

    /** The user, or empty when no such user exists. */
    public CompletableFuture<Optional<User>> user(long userId) {
        return get(StateQueryApi.user(userId), Json.MAPPER.constructType(User.class));
    }

    /** The user's session starts within the last 24 hours. */
    public CompletableFuture<SessionStarts> sessionStarts(long userId) {
        return this.<SessionStarts>get(StateQueryApi.sessionStarts(userId), Json.MAPPER.constructType(SessionStarts.class))
                .thenApply(found -> found.orElse(new SessionStarts(List.of())));
    }

    private <T> CompletableFuture<Optional<T>> get(String path, JavaType type) {
        List<String> urls = baseUrls.get();
        if (urls.isEmpty()) return CompletableFuture.failedFuture(new StateUnavailableException("no state query URL configured"));
        String url = urls.get(Math.floorMod(next.getAndIncrement(), urls.size())) + path;
        HttpRequest request = HttpRequest.newBuilder(URI.create(url)).timeout(timeout).GET().build();
        return http.sendAsync(request, HttpResponse.BodyHandlers.ofByteArray())
                .handle((response, error) -> {
                    if (error != null) throw new StateUnavailableException("state query API unreachable at " + url, error);
                    if (response.statusCode() == 404) return Optional.<T>empty();
                    if (response.statusCode() != 200) {
                        throw new StateUnavailableException("state query API answered " + response.statusCode() + " for " + path);
                    }
                    try {
                        return Optional.<T>of(Json.MAPPER.readValue(response.body(), type));
                    } catch (IOException e) {
                        throw new StateUnavailableException("unreadable answer for " + path, e);
                    }
                });
    }
}
