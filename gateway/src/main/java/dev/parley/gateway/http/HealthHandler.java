package dev.parley.gateway.http;

import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code GET /healthz}: 200 with {@code "status": "ready"} when every check is up, else 503 with
 * {@code "status": "starting"}; the body lists each check's detail.
 */
public final class HealthHandler implements HttpHandler {
    private final List<HealthCheck> checks;

    public HealthHandler(List<HealthCheck> checks) {
        this.checks = List.copyOf(checks);
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) {
        boolean ready = true;
        Map<String, String> details = new LinkedHashMap<>();
        for (HealthCheck check : checks) {
            HealthCheck.Status status;
            try {
                status = check.check();
            } catch (RuntimeException e) {
                status = HealthCheck.Status.down("error: " + e.getMessage());
            }
            ready &= status.up();
            details.put(check.name(), status.detail());
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", ready ? "ready" : "starting");
        body.put("checks", details);
        JsonResponses.send(exchange, ready ? 200 : 503, body);
    }
}
