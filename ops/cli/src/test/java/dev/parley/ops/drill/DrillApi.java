package dev.parley.ops.drill;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.kafka.testkit.Eventually;
import dev.parley.schemas.json.Json;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** The drills' REST calls through the balancer, each retried until it answers as expected (the cluster may be settling). */
final class DrillApi {
    private static final Duration PATIENCE = Duration.ofSeconds(60);
    private final HttpClient http;
    private final String base;

    /** @param publicUrl the balancer, e.g. {@code http://127.0.0.1:8080} */
    DrillApi(HttpClient http, String publicUrl) {
        this.http = http;
        this.base = publicUrl + "/api/v10";
    }

    String base() {
        return base;
    }

    /** A new user's token. */
    String register(String username) {
        return expect("POST", "/auth/register", "{\"username\":\"" + username + "\"}", null, 200).get("token").asText();
    }

    /** A new guild of {@code token}'s user: the guild. */
    JsonNode createGuild(String token, String name) {
        return expect("POST", "/guilds", "{\"name\":\"" + name + "\"}", token, 201);
    }

    void join(String token, String guildId) {
        Eventually.await(PATIENCE, "joined " + guildId, () -> {
            int status = send("PUT", "/guilds/" + guildId + "/members/@me", null, token).statusCode();
            return status == 200 || status == 201 || status == 204;
        });
    }

    /** The sessions a gateway's admin listener lists for a user. */
    int sessionsOn(String adminUrl, String adminToken, String userId) {
        HttpResponse<String> response = call(HttpRequest.newBuilder(URI.create(adminUrl + "/admin/sessions?user_id=" + userId))
                .timeout(Duration.ofSeconds(10)).header("Authorization", "Bearer " + adminToken).GET().build());
        return response.statusCode() == 200 ? read(response.body()).path("sessions").size() : 0;
    }

    private JsonNode expect(String method, String path, String body, String token, int status) {
        return Eventually.await(PATIENCE, method + " " + path + " answering " + status, () -> {
            HttpResponse<String> response = send(method, path, body, token);
            return response.statusCode() == status ? read(response.body()) : null;
        });
    }

    HttpResponse<String> send(String method, String path, String body, String token) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) request.header("Content-Type", "application/json");
        if (token != null) request.header("Authorization", "Bot " + token);
        return call(request.build());
    }

    private HttpResponse<String> call(HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static JsonNode read(String body) {
        try {
            return Json.MAPPER.readTree(body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
