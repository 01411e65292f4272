package dev.parley.gateway.http;

import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code GET /healthz} on the public port: 200 with {@code {"status": "ready"}} when every check is up, else 503
 * with {@code {"status": "starting"}}. That is all a stranger (a balancer's health check) is told; the report of each
 * check ({@code "checks": {"kafka": "1 broker(s)", ...}}) is added only for {@code Authorization: Bearer
 * <gateway.admin.token>}. The checks answer from what they know at once ({@link HealthCheck}), so the handler runs on
 * the I/O thread without blocking it; the URL map limits its requests per client address.
 */
public final class HealthHandler implements HttpHandler {
    private final List<HealthCheck> checks;
    private final byte[] operator;

    /** @param adminToken {@code gateway.admin.token}; empty: nobody gets the report of each check */
    public HealthHandler(List<HealthCheck> checks, String adminToken) {
        this.checks = List.copyOf(checks);
        this.operator = adminToken.isBlank() ? null : ("Bearer " + adminToken).getBytes(StandardCharsets.UTF_8);
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
        if (operator(exchange)) body.put("checks", details);
        JsonResponses.send(exchange, ready ? 200 : 503, body);
    }

    private boolean operator(HttpServerExchange exchange) {
        String given = exchange.getRequestHeaders().getFirst(Headers.AUTHORIZATION);
        return operator != null && given != null && MessageDigest.isEqual(operator, given.getBytes(StandardCharsets.UTF_8));
    }
}
