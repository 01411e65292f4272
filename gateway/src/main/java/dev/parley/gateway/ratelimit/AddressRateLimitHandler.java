package dev.parley.gateway.ratelimit;

import dev.parley.gateway.metrics.GatewayMetrics;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;

/**
 * For a route that needs no token ({@code GET /gateway}, {@code POST /auth/register}, {@code GET /healthz}): lets a
 * request through to {@code next} within its client address's global limit (unless the route is outside the API's
 * global window, as the health check is) and the route's bucket for that address, with the bucket's
 * {@code X-RateLimit-*} headers; otherwise answers 429. The address is the connection's peer, or what the PROXY
 * protocol header of a trusted balancer said ({@code gateway.proxy-protocol}); never a request header.
 */
public final class AddressRateLimitHandler implements HttpHandler {
    private final RestRateLimiter limiter;
    private final RestBuckets buckets;
    private final boolean global;
    private final GatewayMetrics metrics;
    private final HttpHandler next;

    /** @param global whether the request also counts against the address's global window of the API's routes */
    public AddressRateLimitHandler(RestRateLimiter limiter, RestBuckets buckets, boolean global, GatewayMetrics metrics,
                                   HttpHandler next) {
        this.limiter = limiter;
        this.buckets = buckets;
        this.global = global;
        this.metrics = metrics;
        this.next = next;
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) throws Exception {
        RouteBucket bucket = buckets.of(exchange);
        RestRateLimiter.Decision decision = global ? limiter.address(ClientAddresses.of(exchange), bucket)
                : limiter.addressRoute(ClientAddresses.of(exchange), bucket);
        RateLimitResponses.headers(exchange, decision);
        if (decision.allowed()) {
            next.handleRequest(exchange);
        } else {
            metrics.rateLimited(decision.refusedBy().metric(), bucket.name());
            RateLimitResponses.refuse(exchange, decision);
        }
    }
}
