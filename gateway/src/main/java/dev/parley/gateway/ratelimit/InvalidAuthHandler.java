package dev.parley.gateway.ratelimit;

import dev.parley.gateway.metrics.GatewayMetrics;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;

import java.net.InetAddress;

/**
 * Goes before authentication: counts the answers 401 per client address, and once an address has had
 * {@code gateway.rest.rate-limit.invalid-auth} of them in a window, answers every further request of it 429
 * ({@code X-RateLimit-Scope: global}) without authenticating it, until the window ends: guessing tokens, or a client
 * looping on a revoked one, stops costing verifications and lookups. As Discord's invalid request limit, this also
 * refuses valid tokens from that address meanwhile.
 */
public final class InvalidAuthHandler implements HttpHandler {
    private final RestRateLimiter limiter;
    private final RestBuckets buckets;
    private final GatewayMetrics metrics;
    private final HttpHandler next;

    public InvalidAuthHandler(RestRateLimiter limiter, RestBuckets buckets, GatewayMetrics metrics, HttpHandler next) {
        this.limiter = limiter;
        this.buckets = buckets;
        this.metrics = metrics;
        this.next = next;
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) throws Exception {
        InetAddress client = ClientAddresses.of(exchange);
        RestRateLimiter.Decision decision = limiter.authenticationAllowed(client, buckets.of(exchange));
        if (!decision.allowed()) {
            metrics.rateLimited(decision.refusedBy().metric(), decision.bucket().name());
            RateLimitResponses.headers(exchange, decision);
            RateLimitResponses.refuse(exchange, decision);
            return;
        }
        // counted as the 401 is committed, before its first byte leaves: a client that sends its next request as soon
        // as it reads this answer finds it counted (once the exchange completed, that request could be served first)
        exchange.addResponseCommitListener(ex -> {
            if (ex.getStatusCode() == 401) limiter.countFailedAuthentication(client);
        });
        next.handleRequest(exchange);
    }
}
