package dev.parley.gateway.ratelimit;

import io.undertow.server.HttpServerExchange;

import java.net.InetAddress;
import java.net.InetSocketAddress;

/**
 * The REST API's rate limits, as Discord applies them: an authenticated request counts against its user's global
 * window first, then against its route's bucket for that user and major id; a request to a route that needs no
 * token counts against its client address's global window, then the route's bucket for that address; and a client
 * address whose requests failed authentication too often is refused on every route that needs a token until its
 * window ends. A request refused by the global window is not counted against its route; every request that gets
 * past the global window counts against it, refused or not, as Discord counts them.
 *
 * <p>Pure logic over {@link Buckets} (whose clock it reads); thread-safe.
 */
public final class RestRateLimiter {
    /** Why a request was refused: the {@code X-RateLimit-Scope} it is answered with, and its name in metrics. */
    public enum Scope {
        /** The user's bucket of the route. */
        USER("user", false, "user"),
        /** The user's global limit. */
        GLOBAL("global", true, "global"),
        /** The client address's bucket of a route that needs no token. */
        ADDRESS("user", false, "address"),
        /** The client address's global limit on the routes that need no token. */
        ADDRESS_GLOBAL("global", true, "address_global"),
        /** The client address failed authentication too often. */
        INVALID_AUTH("global", true, "invalid_auth");

        private final String header;
        private final boolean global;
        private final String metric;

        Scope(String header, boolean global, String metric) {
            this.header = header;
            this.global = global;
            this.metric = metric;
        }

        /** The {@code X-RateLimit-Scope} value. */
        public String header() {
            return header;
        }

        /** Whether the answer says {@code global: true} and {@code X-RateLimit-Global: true}. */
        public boolean global() {
            return global;
        }

        /** The {@code scope} label of {@code parley_gateway_rate_limited_total}. */
        public String metric() {
            return metric;
        }
    }

    /**
     * The decision on one request.
     *
     * @param refusedBy        null when the request may go ahead
     * @param bucket           the route's bucket
     * @param route            the state of the route's bucket for this caller (for the {@code X-RateLimit-*} headers),
     *                         or null when the caller is not known (a refused address)
     * @param retryAfterMillis when refused, how long until the refusing window ends
     * @param nowMillis        when the decision was made (epoch milliseconds)
     */
    public record Decision(Scope refusedBy, RouteBucket bucket, Buckets.Verdict route, long retryAfterMillis,
                           long nowMillis) {
        public boolean allowed() {
            return refusedBy == null;
        }
    }

    private record UserGlobal(long userId) {
    }

    private record UserRoute(long userId, String bucket, long majorId) {
    }

    private record AddressGlobal(InetAddress address) {
    }

    private record AddressRoute(InetAddress address, String bucket) {
    }

    private record FailedAuth(InetAddress address) {
    }

    private final Buckets buckets;
    private final Rate global;
    private final Rate address;
    private final Rate invalidAuth;

    /**
     * @param global      every user's global rate
     * @param address     every client address's global rate on the routes that need no token
     * @param invalidAuth requests failing authentication allowed per client address
     */
    public RestRateLimiter(Buckets buckets, Rate global, Rate address, Rate invalidAuth) {
        this.buckets = buckets;
        this.global = global;
        this.address = address;
        this.invalidAuth = invalidAuth;
    }

    /** Counts a request of an authenticated user to {@code bucket} for resource {@code majorId} (0: none). */
    public Decision user(long userId, RouteBucket bucket, long majorId) {
        UserRoute routeKey = new UserRoute(userId, bucket.name(), majorId);
        Buckets.Verdict overall = buckets.take(new UserGlobal(userId), global);
        if (!overall.allowed()) return refused(Scope.GLOBAL, bucket, buckets.peek(routeKey, bucket.rate()), overall);
        Buckets.Verdict route = buckets.take(routeKey, bucket.rate());
        if (!route.allowed()) return refused(Scope.USER, bucket, route, route);
        return new Decision(null, bucket, route, 0, buckets.now());
    }

    /** Counts a request to a route that needs no token, from {@code client}. */
    public Decision address(InetAddress client, RouteBucket bucket) {
        AddressRoute routeKey = new AddressRoute(client, bucket.name());
        Buckets.Verdict overall = buckets.take(new AddressGlobal(client), address);
        if (!overall.allowed()) return refused(Scope.ADDRESS_GLOBAL, bucket, buckets.peek(routeKey, bucket.rate()), overall);
        Buckets.Verdict route = buckets.take(routeKey, bucket.rate());
        if (!route.allowed()) return refused(Scope.ADDRESS, bucket, route, route);
        return new Decision(null, bucket, route, 0, buckets.now());
    }

    /** Whether {@code client} may still send requests that need a token (it has not failed authentication too often). */
    public Decision authenticationAllowed(InetAddress client, RouteBucket bucket) {
        Buckets.Verdict failures = buckets.peek(new FailedAuth(client), invalidAuth);
        if (failures.allowed()) return new Decision(null, bucket, null, 0, buckets.now());
        return refused(Scope.INVALID_AUTH, bucket, null, failures);
    }

    /** A request from {@code client} failed authentication (401). */
    public void failedAuthentication(InetAddress client) {
        buckets.take(new FailedAuth(client), invalidAuth);
    }

    private Decision refused(Scope scope, RouteBucket bucket, Buckets.Verdict route, Buckets.Verdict refusing) {
        long now = buckets.now();
        return new Decision(scope, bucket, route, refusing.resetAfterMillis(now), now);
    }

    /** The client's address: the peer of the connection, or the one its PROXY protocol header named. */
    public static InetAddress clientAddress(HttpServerExchange exchange) {
        InetSocketAddress source = exchange.getSourceAddress();
        return source == null || source.getAddress() == null ? InetAddress.getLoopbackAddress() : source.getAddress();
    }
}
