package dev.parley.gateway.ratelimit;

import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RestRateLimiterTest {
    private final AtomicLong clock = new AtomicLong(1_700_000_000_000L);
    private final RateWindows failures = new RateWindows("failures", 2, clock::get);
    private final RestRateLimiter limiter = new RestRateLimiter(new RateWindows("users", 1000, clock::get),
            new RateWindows("addresses", 1000, clock::get), failures, clock::get, Rate.of(10, Duration.ofSeconds(1)),
            Rate.of(3, Duration.ofSeconds(1)), Rate.of(2, Duration.ofMinutes(1)));
    private final RestBuckets routes = new RestBuckets("/api/v10", Rate.of(100, Duration.ofSeconds(10)),
            Map.of(RestRateLimits.MESSAGE_POSTS, Rate.of(5, Duration.ofSeconds(5))));
    private final RouteBucket posts = routes.of("POST", "/api/v10/channels/{channel_id}/messages");

    @Test
    void shouldNameBucketsByRouteWithTheirMajorParameterAndAStableOpaqueId() {
        assertEquals("POST /channels/{channel_id}/messages", posts.name());
        assertEquals("channel_id", posts.majorParameter());
        assertEquals(Rate.of(5, Duration.ofSeconds(5)), posts.rate());
        assertEquals(posts.id(), new RestBuckets("/api/v10", Rate.of(1, Duration.ofSeconds(1)), Map.of())
                .of("POST", "/api/v10/channels/{channel_id}/messages").id(), "the same id on every gateway");
        assertEquals(32, posts.id().length());
        RouteBucket guildChannels = routes.of("GET", "/api/v10/guilds/{guild_id}/channels");
        assertEquals("guild_id", guildChannels.majorParameter());
        assertEquals(Rate.of(100, Duration.ofSeconds(10)), guildChannels.rate());
        assertNotEquals(posts.id(), guildChannels.id());
        assertNull(routes.of("GET", "/api/v10/users/@me").majorParameter());
    }

    @Test
    void shouldLimitAUserPerRouteAndMajorIdAndAnswerWhenTheBucketResets() {
        for (int i = 0; i < 5; i++) assertTrue(limiter.user(1, posts, 77).allowed());
        clock.addAndGet(1_250);
        RestRateLimiter.Decision refused = limiter.user(1, posts, 77);
        assertEquals(RestRateLimiter.Scope.USER, refused.refusedBy());
        assertEquals(3_750, refused.retryAfterMillis());
        assertEquals(0, refused.route().remaining());
        assertTrue(limiter.user(1, posts, 78).allowed(), "another channel has its own bucket");
        assertTrue(limiter.user(2, posts, 77).allowed(), "another user has its own bucket");
        clock.addAndGet(3_750);
        assertTrue(limiter.user(1, posts, 77).allowed());
    }

    @Test
    void shouldRefuseOverTheGlobalLimitWithoutCountingTheRoute() {
        RouteBucket me = routes.of("GET", "/api/v10/users/@me");
        for (int i = 0; i < 10; i++) assertTrue(limiter.user(1, me, 0).allowed());
        clock.addAndGet(400);
        RestRateLimiter.Decision refused = limiter.user(1, posts, 5);
        assertEquals(RestRateLimiter.Scope.GLOBAL, refused.refusedBy());
        assertTrue(refused.refusedBy().global());
        assertEquals(600, refused.retryAfterMillis());
        assertEquals(5, refused.route().remaining(), "the refused request took nothing from its route");
        assertTrue(limiter.user(2, me, 0).allowed(), "another user's global limit is its own");
    }

    @Test
    void shouldLimitRoutesWithoutATokenPerClientAddress() throws Exception {
        InetAddress one = InetAddress.getByName("192.0.2.1");
        InetAddress two = InetAddress.getByName("192.0.2.2");
        RouteBucket register = routes.of("POST", "/api/v10/auth/register");
        for (int i = 0; i < 3; i++) assertTrue(limiter.address(one, register).allowed());
        RestRateLimiter.Decision refused = limiter.address(one, register);
        assertEquals(RestRateLimiter.Scope.ADDRESS_GLOBAL, refused.refusedBy());
        assertTrue(limiter.address(two, register).allowed());
    }

    @Test
    void shouldRefuseAnAddressThatFailedAuthenticationTooOftenUntilItsWindowEnds() throws Exception {
        InetAddress guesser = InetAddress.getByName("192.0.2.9");
        RouteBucket me = routes.of("GET", "/api/v10/users/@me");
        assertTrue(limiter.authenticationAllowed(guesser, me).allowed());
        limiter.countFailedAuthentication(guesser);
        assertTrue(limiter.authenticationAllowed(guesser, me).allowed());
        limiter.countFailedAuthentication(guesser);
        RestRateLimiter.Decision refused = limiter.authenticationAllowed(guesser, me);
        assertEquals(RestRateLimiter.Scope.INVALID_AUTH, refused.refusedBy());
        assertEquals(60_000, refused.retryAfterMillis());
        assertNull(refused.route(), "no bucket headers for an unknown caller");
        assertTrue(limiter.authenticationAllowed(InetAddress.getByName("192.0.2.10"), me).allowed());
        clock.addAndGet(60_000);
        assertTrue(limiter.authenticationAllowed(guesser, me).allowed());
    }

    @Test
    void shouldWriteTimesAsSecondsWithMilliseconds() {
        assertEquals("1470173023.123", RateLimitResponses.seconds(1_470_173_023_123L));
        assertEquals("0.050", RateLimitResponses.seconds(50));
        assertEquals("5.000", RateLimitResponses.seconds(5_000));
    }

    @Test
    void shouldRefuseNobodyWhenTheTableOfFailedAuthenticationsIsFull() throws Exception {
        RouteBucket me = routes.of("GET", "/api/v10/users/@me");
        for (int i = 1; i <= 5; i++) limiter.countFailedAuthentication(InetAddress.getByName("198.51.100." + i));
        assertEquals(2, failures.size(), "at most its maximum");
        assertTrue(limiter.authenticationAllowed(InetAddress.getByName("198.51.100.200"), me).allowed(),
                "a new address is let through to authentication");
        assertTrue(limiter.user(1, me, 0).allowed(), "users have a table of their own");
    }

    @Test
    void shouldCountAnIpv6ClientByItsSlashSixtyFour() throws Exception {
        RouteBucket register = routes.of("POST", "/api/v10/auth/register");
        for (int i = 1; i <= 3; i++) {
            InetAddress address = ClientAddresses.keyOf(InetAddress.getByName("2001:db8:7:7::" + Integer.toHexString(i * 4099)));
            assertTrue(limiter.address(address, register).allowed());
        }
        InetAddress sameNetwork = ClientAddresses.keyOf(InetAddress.getByName("2001:db8:7:7:1234:5678:9abc:def0"));
        assertEquals(RestRateLimiter.Scope.ADDRESS_GLOBAL, limiter.address(sameNetwork, register).refusedBy(),
                "a new address of the same /64 is the same client");
        assertTrue(limiter.address(ClientAddresses.keyOf(InetAddress.getByName("2001:db8:7:8::1")), register).allowed());
        assertEquals(InetAddress.getByName("192.0.2.77"), ClientAddresses.keyOf(InetAddress.getByName("192.0.2.77")),
                "an IPv4 address is its own key");
    }
}
