package dev.parley.streams.query;

import dev.parley.schemas.cluster.ClusterCredential;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;

/**
 * Lets a request through to {@code next} only when it carries the cluster credential; else 401
 * {@code {"code": 0, "message": "..."}} before anything is read, routed or forwarded. Without a configured secret
 * (a listener bound to loopback only, see {@link ClusterCredential#requireFor}) every request passes.
 */
final class ClusterAuthHandler implements HttpHandler {
    private final ClusterCredential credential;
    private final HttpHandler next;

    ClusterAuthHandler(ClusterCredential credential, HttpHandler next) {
        this.credential = credential;
        this.next = next;
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) throws Exception {
        if (credential.configured()
                && !credential.matches(exchange.getRequestHeaders().getFirst(ClusterCredential.HEADER))) {
            Answers.error(exchange, 401, "401: Unauthorized (the state query API answers only the cluster credential)");
            return;
        }
        next.handleRequest(exchange);
    }
}
