package dev.parley.gateway.ratelimit;

import dev.parley.config.Setting;

import java.time.Duration;
import java.util.List;

/** The REST API's rate limits (Discord's buckets), with their defaults. Rates are written {@code <limit>/<window>}. */
public final class RateLimitSettings {
    public static final Setting<Rate> GLOBAL = Rate.setting("gateway.rest.rate-limit.global", Rate.of(50, Duration.ofSeconds(1)),
            "REST requests one user may make per window, all routes together (Discord's global limit); beyond it 429 "
                    + "with X-RateLimit-Global.");
    public static final Setting<Rate> ROUTE = Rate.setting("gateway.rest.rate-limit.route", Rate.of(10, Duration.ofSeconds(10)),
            "REST requests one user may make per window to one route and one channel or guild (the route's major "
                    + "parameter), for routes without a limit of their own; beyond it 429 with X-RateLimit-Scope: user.");
    public static final Setting<Rate> MESSAGE_POSTS = Rate.setting("gateway.rest.rate-limit.message-posts",
            Rate.of(5, Duration.ofSeconds(5)), "Messages one user may post per window to one channel (Discord: 5 per 5 s).");
    public static final Setting<Rate> ADDRESS = Rate.setting("gateway.rest.rate-limit.address", Rate.of(50, Duration.ofSeconds(1)),
            "Requests one client address may make per window to the routes that need no token (GET /gateway, "
                    + "POST /auth/register), all together.");
    public static final Setting<Rate> REGISTER = Rate.setting("gateway.rest.rate-limit.register", Rate.of(10, Duration.ofMinutes(1)),
            "Registrations (POST /auth/register) one client address may make per window.");
    public static final Setting<Rate> INVALID_AUTH = Rate.setting("gateway.rest.rate-limit.invalid-auth",
            Rate.of(50, Duration.ofMinutes(1)), "Requests failing authentication (401) one client address may make per "
                    + "window; after that every request of the address to a route that needs a token answers 429 until "
                    + "the window ends (Discord's invalid request limit).");
    public static final Setting<Rate> HEALTH = Rate.setting("gateway.rest.rate-limit.healthz", Rate.of(10, Duration.ofSeconds(1)),
            "Health requests (GET /healthz on the public port) one client address may make per window; beyond it 429.");
    public static final Setting<Integer> MAX_USER_WINDOWS = Setting.ofInt("gateway.rest.rate-limit.max-user-windows",
            200_000, "REST rate limit windows of users (per user, per user and route) a gateway keeps at most, ended "
                    + "ones being dropped every second; when full, a request that would open a new one answers 429.");
    public static final Setting<Integer> MAX_ADDRESS_WINDOWS = Setting.ofInt("gateway.rest.rate-limit.max-address-windows",
            100_000, "REST rate limit windows of client addresses on the routes that need no token (GET /gateway, "
                    + "POST /auth/register, GET /healthz) a gateway keeps at most; when full, a request of a new address "
                    + "to those routes answers 429. A table of its own: it never refuses users.");
    public static final Setting<Integer> MAX_INVALID_AUTH_WINDOWS = Setting.ofInt(
            "gateway.rest.rate-limit.max-invalid-auth-windows", 100_000, "Windows of client addresses' failed "
                    + "authentications a gateway keeps at most; when full, the failures of new addresses go uncounted "
                    + "(nobody is refused for it).");

    public static final List<Setting<?>> ALL = List.of(GLOBAL, ROUTE, MESSAGE_POSTS, ADDRESS, REGISTER, INVALID_AUTH,
            HEALTH, MAX_USER_WINDOWS, MAX_ADDRESS_WINDOWS, MAX_INVALID_AUTH_WINDOWS);

    private RateLimitSettings() {
    }
}
