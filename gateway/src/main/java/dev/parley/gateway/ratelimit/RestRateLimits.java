package dev.parley.gateway.ratelimit;

import dev.parley.config.Setting;
import dev.parley.config.Settings;
import dev.parley.gateway.metrics.GatewayMetrics;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;

import java.util.Map;
import java.util.function.ToLongFunction;

/**
 * The REST API's rate limits of one gateway, resolved from {@link RateLimitSettings}, and the handlers that apply
 * them, for the URL map to wrap its routes in. The windows live in this gateway's memory ({@link RateWindows}, a
 * table per scope): behind a balancer, a client spreading its requests over K gateways gets up to K times each limit.
 */
public final class RestRateLimits {
    /** The route of message posts, Discord's 5 per 5 s per channel. */
    public static final String MESSAGE_POSTS = "POST /channels/{channel_id}/messages";
    /** The route of registration, limited per client address. */
    public static final String REGISTER = "POST /auth/register";
    /** The public health report, limited per client address. */
    public static final String HEALTH = "GET /healthz";
    private final RestRateLimiter limiter;
    private final RestBuckets buckets;
    private final GatewayMetrics metrics;

    RestRateLimits(RestRateLimiter limiter, RestBuckets buckets, GatewayMetrics metrics) {
        this.limiter = limiter;
        this.buckets = buckets;
        this.metrics = metrics;
    }

    /**
     * @param apiPrefix the API prefix the URL map's templates start with, left out of bucket names
     * @param sweeper   makes (and sweeps) the tables of users', addresses' and failed authentications' windows,
     *                  each as large as its {@code gateway.rest.rate-limit.max-*-windows}
     * @throws IllegalArgumentException when a table's maximum is below 1, naming its setting
     */
    public static RestRateLimits from(Settings settings, String apiPrefix, WindowSweeper sweeper, GatewayMetrics metrics) {
        RestRateLimiter limiter = new RestRateLimiter(table(settings, sweeper, RateLimitSettings.MAX_USER_WINDOWS),
                table(settings, sweeper, RateLimitSettings.MAX_ADDRESS_WINDOWS),
                table(settings, sweeper, RateLimitSettings.MAX_INVALID_AUTH_WINDOWS), sweeper::now,
                settings.get(RateLimitSettings.GLOBAL), settings.get(RateLimitSettings.ADDRESS),
                settings.get(RateLimitSettings.INVALID_AUTH));
        RestBuckets buckets = new RestBuckets(apiPrefix, settings.get(RateLimitSettings.ROUTE), Map.of(
                MESSAGE_POSTS, settings.get(RateLimitSettings.MESSAGE_POSTS),
                REGISTER, settings.get(RateLimitSettings.REGISTER),
                HEALTH, settings.get(RateLimitSettings.HEALTH)));
        return new RestRateLimits(limiter, buckets, metrics);
    }

    /** {@code next} limited per user; goes inside authentication, whose user {@code user} reads. */
    public HttpHandler perUser(ToLongFunction<HttpServerExchange> user, HttpHandler next) {
        return new UserRateLimitHandler(limiter, buckets, user, metrics, next);
    }

    /** {@code next}, a route of the API that needs no token, limited per client address. */
    public HttpHandler perAddress(HttpHandler next) {
        return new AddressRateLimitHandler(limiter, buckets, true, metrics, next);
    }

    /**
     * {@code next}, a route outside the API ({@code GET /healthz}), limited per client address by its own bucket
     * only: polling it takes nothing from the address's API requests.
     */
    public HttpHandler perAddressOutsideTheApi(HttpHandler next) {
        return new AddressRateLimitHandler(limiter, buckets, false, metrics, next);
    }

    private static RateWindows table(Settings settings, WindowSweeper sweeper, Setting<Integer> max) {
        return sweeper.table(max.key(), settings.get(max));
    }

    /** {@code next}, authentication, refused to addresses that failed it too often; goes outside authentication. */
    public HttpHandler refusingFailedAuthentication(HttpHandler next) {
        return new InvalidAuthHandler(limiter, buckets, metrics, next);
    }
}
