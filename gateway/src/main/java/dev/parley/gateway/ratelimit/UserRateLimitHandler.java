package dev.parley.gateway.ratelimit;

import dev.parley.gateway.metrics.GatewayMetrics;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;

import java.util.function.ToLongFunction;

/**
 * Lets an authenticated request through to {@code next} within its user's global limit and its route's bucket, with
 * the bucket's {@code X-RateLimit-*} headers; otherwise answers 429 and {@code next} never runs (nothing reaches
 * Kafka). Goes after authentication, which attached the user.
 */
public final class UserRateLimitHandler implements HttpHandler {
    private final RestRateLimiter limiter;
    private final RestBuckets buckets;
    private final ToLongFunction<HttpServerExchange> user;
    private final GatewayMetrics metrics;
    private final HttpHandler next;

    /** @param user the authenticated user's id, as authentication attached it to the exchange */
    public UserRateLimitHandler(RestRateLimiter limiter, RestBuckets buckets, ToLongFunction<HttpServerExchange> user,
                                GatewayMetrics metrics, HttpHandler next) {
        this.limiter = limiter;
        this.buckets = buckets;
        this.user = user;
        this.metrics = metrics;
        this.next = next;
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) throws Exception {
        RouteBucket bucket = buckets.of(exchange);
        RestRateLimiter.Decision decision = limiter.user(user.applyAsLong(exchange), bucket,
                RestBuckets.majorId(exchange, bucket));
        RateLimitResponses.headers(exchange, decision);
        if (decision.allowed()) {
            next.handleRequest(exchange);
        } else {
            metrics.rateLimited(decision.refusedBy().metric(), bucket.name());
            RateLimitResponses.refuse(exchange, decision);
        }
    }
}
