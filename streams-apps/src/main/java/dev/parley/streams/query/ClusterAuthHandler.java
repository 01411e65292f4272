package dev.parley.streams.query;

import dev.parley.schemas.cluster.ClusterCredential;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;

/**
 * Lets a request through to {@code next} only when it carries the cluster credential, or, for {@code GET /metrics}
 * only, the metrics token ({@link ClusterCredential#metrics}); else 401 {@code {"code": 0, "message": "..."}} before
 * anything is read, routed or forwarded. Without a configured secret (a listener bound to loopback only, see
 * {@link ClusterCredential#requireFor}) every request passes.
 */
final class ClusterAuthHandler implements HttpHandler {
    /** The one path the metrics token opens. */
    static final String METRICS = "/metrics";

    private final ClusterCredential credential;
    private final ClusterCredential metrics;
    private final HttpHandler next;

    ClusterAuthHandler(ClusterCredential credential, ClusterCredential metrics, HttpHandler next) {
        this.credential = credential;
        this.metrics = metrics;
        this.next = next;
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) throws Exception {
        String presented = exchange.getRequestHeaders().getFirst(ClusterCredential.HEADER);
        boolean scrape = METRICS.equals(exchange.getRequestPath()) && metrics.matches(presented);
        if (credential.configured() && !scrape && !credential.matches(presented)) {
            Answers.error(exchange, 401, "401: Unauthorized (the state query API answers only the cluster credential)");
            return;
        }
        next.handleRequest(exchange);
    }
}
