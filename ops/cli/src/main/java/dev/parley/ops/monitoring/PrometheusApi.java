package dev.parley.ops.monitoring;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.schemas.json.Json;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Prometheus's HTTP API, the parts the dashboard check needs: instant queries ({@code GET /api/v1/query}) and
 * readiness ({@code GET /-/ready}). Thread-safe.
 */
public final class PrometheusApi {
    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    /** One series of an instant vector: its labels and its value (which may be NaN). */
    public record Series(Map<String, String> labels, double value) {
    }

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();
    private final URI base;

    /** @param base e.g. {@code http://127.0.0.1:9090} */
    public PrometheusApi(URI base) {
        this.base = base;
    }

    public URI base() {
        return base;
    }

    /** Whether Prometheus answers {@code /-/ready} with 200; false while it starts or when it does not answer. */
    public boolean ready() {
        try {
            return http.send(HttpRequest.newBuilder(base.resolve("/-/ready")).timeout(TIMEOUT).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /**
     * The series an instant query returns now (a scalar result counts as one series without labels).
     *
     * @throws IllegalStateException when Prometheus refuses the query (its error message included) or does not answer
     */
    public List<Series> query(String expr) {
        URI uri = base.resolve("/api/v1/query?query=" + URLEncoder.encode(expr, StandardCharsets.UTF_8));
        JsonNode body;
        try {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(uri).timeout(TIMEOUT).build(),
                    HttpResponse.BodyHandlers.ofString());
            body = Json.MAPPER.readTree(response.body());
        } catch (IOException e) {
            throw new IllegalStateException("Prometheus at " + base + " did not answer the query " + expr + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while querying Prometheus", e);
        }
        if (!"success".equals(body.path("status").asText())) {
            throw new IllegalStateException("Prometheus refused the query " + expr + ": "
                    + body.path("errorType").asText() + ": " + body.path("error").asText());
        }
        JsonNode data = body.path("data");
        List<Series> series = new ArrayList<>();
        if ("scalar".equals(data.path("resultType").asText())) {
            series.add(new Series(Map.of(), value(data.path("result"))));
            return series;
        }
        for (JsonNode item : data.path("result")) {
            Map<String, String> labels = new LinkedHashMap<>();
            for (Map.Entry<String, JsonNode> label : item.path("metric").properties()) {
                labels.put(label.getKey(), label.getValue().asText());
            }
            series.add(new Series(labels, value(item.path("value"))));
        }
        return series;
    }

    /** A sample is {@code [time, "value"]}; Prometheus writes NaN and infinities as text. */
    private static double value(JsonNode sample) {
        String text = sample.path(1).asText("NaN");
        return switch (text) {
            case "+Inf" -> Double.POSITIVE_INFINITY;
            case "-Inf" -> Double.NEGATIVE_INFINITY;
            default -> Double.parseDouble(text);
        };
    }
}
