package dev.parley.gateway.ratelimit;

import java.net.InetAddress;
import java.util.function.LongSupplier;

/**
 * The REST API's rate limits, as Discord applies them: an authenticated request counts against its user's global
 * window first, then against its route's bucket for that user and major id; a request to a route that needs no
 * token counts against its client address's global window, then the route's bucket for that address; and a client
 * address whose requests failed authentication too often is refused on every route that needs a token until its
 * window ends. A request refused by the global window is not counted against its route; every request that gets
 * past the global window counts against it, refused or not, as Discord counts them.
 *
 * <p>The windows of users, of client addresses on the routes that need no token, and of failed authentications
 * live in three {@link RateWindows} tables, each with its own maximum: a flood of new addresses fills only its own
 * table, and a full table of failed authentications refuses nobody (it only stops counting new addresses).
 *
 * <p>Pure logic over the tables and a clock; thread-safe.
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
    public record Decision(Scope refusedBy, RouteBucket bucket, RateWindows.Verdict route, long retryAfterMillis,
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

    private final RateWindows users;
    private final RateWindows addresses;
    private final RateWindows failures;
    private final LongSupplier clock;
    private final Rate global;
    private final Rate address;
    private final Rate invalidAuth;

    /**
     * @param users       the windows of authenticated users (global and per route)
     * @param addresses   the windows of client addresses on the routes that need no token
     * @param failures    the windows of client addresses' failed authentications
     * @param clock       the current time, epoch milliseconds (the tables' clock)
     * @param global      every user's global rate
     * @param address     every client address's global rate on the routes that need no token
     * @param invalidAuth requests failing authentication allowed per client address
     */
    public RestRateLimiter(RateWindows users, RateWindows addresses, RateWindows failures, LongSupplier clock,
                           Rate global, Rate address, Rate invalidAuth) {
        this.users = users;
        this.addresses = addresses;
        this.failures = failures;
        this.clock = clock;
        this.global = global;
        this.address = address;
        this.invalidAuth = invalidAuth;
    }

    /** Counts a request of an authenticated user to {@code bucket} for resource {@code majorId} (0: none). */
    public Decision user(long userId, RouteBucket bucket, long majorId) {
        UserRoute routeKey = new UserRoute(userId, bucket.name(), majorId);
        RateWindows.Verdict overall = users.take(new UserGlobal(userId), global);
        if (!overall.allowed()) return refused(Scope.GLOBAL, bucket, users.peek(routeKey, bucket.rate()), overall);
        RateWindows.Verdict route = users.take(routeKey, bucket.rate());
        if (!route.allowed()) return refused(Scope.USER, bucket, route, route);
        return new Decision(null, bucket, route, 0, clock.getAsLong());
    }

    /** Counts a request to a route that needs no token, from {@code client} (a {@link ClientAddresses} key). */
    public Decision address(InetAddress client, RouteBucket bucket) {
        AddressRoute routeKey = new AddressRoute(client, bucket.name());
        RateWindows.Verdict overall = addresses.take(new AddressGlobal(client), address);
        if (!overall.allowed()) return refused(Scope.ADDRESS_GLOBAL, bucket, addresses.peek(routeKey, bucket.rate()), overall);
        RateWindows.Verdict route = addresses.take(routeKey, bucket.rate());
        if (!route.allowed()) return refused(Scope.ADDRESS, bucket, route, route);
        return new Decision(null, bucket, route, 0, clock.getAsLong());
    }

    /** Counts a request from {@code client} against the route's bucket for it alone (not the address's global window). */
    public Decision addressRoute(InetAddress client, RouteBucket bucket) {
        RateWindows.Verdict route = addresses.take(new AddressRoute(client, bucket.name()), bucket.rate());
        if (!route.allowed()) return refused(Scope.ADDRESS, bucket, route, route);
        return new Decision(null, bucket, route, 0, clock.getAsLong());
    }

    /** Whether {@code client} may still send requests that need a token (it has not failed authentication too often). */
    public Decision authenticationAllowed(InetAddress client, RouteBucket bucket) {
        RateWindows.Verdict failed = failures.peek(new FailedAuth(client), invalidAuth);
        if (failed.allowed()) return new Decision(null, bucket, null, 0, clock.getAsLong());
        return refused(Scope.INVALID_AUTH, bucket, null, failed);
    }

    /** Counts a request from {@code client} that failed authentication (401). */
    public void countFailedAuthentication(InetAddress client) {
        failures.take(new FailedAuth(client), invalidAuth);
    }

    private Decision refused(Scope scope, RouteBucket bucket, RateWindows.Verdict route, RateWindows.Verdict refusing) {
        long now = clock.getAsLong();
        return new Decision(scope, bucket, route, refusing.resetAfterMillis(now), now);
    }
}
