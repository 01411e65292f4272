package dev.parley.gateway.auth;

import dev.parley.gateway.state.StateUnavailableException;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TokenGenerationsTest {
    private final AtomicLong now = new AtomicLong();
    private final Map<Long, OptionalLong> current = new HashMap<>();
    private final List<Long> reads = new ArrayList<>();
    private boolean down;

    private TokenGenerations cache(Duration ttl, int capacity) {
        return new TokenGenerations(userId -> {
            reads.add(userId);
            if (down) return CompletableFuture.failedFuture(new StateUnavailableException("down"));
            return CompletableFuture.completedFuture(current.getOrDefault(userId, OptionalLong.empty()));
        }, ttl, capacity, now::get);
    }

    @Test
    void shouldHoldOnlyATokenOfAnExistingUserAtTheCurrentGeneration() {
        current.put(1L, OptionalLong.of(2));
        TokenGenerations cache = cache(Duration.ofSeconds(5), 10);
        assertTrue(cache.holds(new TokenClaims(1, 0, 2)).join());
        assertFalse(cache.holds(new TokenClaims(1, 0, 1)).join(), "revoked");
        assertFalse(cache.holds(new TokenClaims(9, 0, 0)).join(), "no such user");
    }

    @Test
    void shouldKeepAGenerationForTheTtlUnlessForgotten() {
        current.put(1L, OptionalLong.of(0));
        TokenGenerations cache = cache(Duration.ofSeconds(5), 10);
        TokenClaims old = new TokenClaims(1, 0, 0);
        assertTrue(cache.holds(old).join());
        current.put(1L, OptionalLong.of(1));
        now.addAndGet(Duration.ofSeconds(4).toNanos());
        assertTrue(cache.holds(old).join(), "still within the TTL: the bound on a revocation made elsewhere");
        assertEquals(1, reads.size());

        now.addAndGet(Duration.ofSeconds(1).toNanos());
        assertFalse(cache.holds(old).join(), "read again once the TTL passed");
        current.put(1L, OptionalLong.of(2));
        cache.forget(1);
        assertFalse(cache.holds(new TokenClaims(1, 0, 1)).join(), "forgotten: read again at once");
        assertEquals(3, reads.size());
    }

    @Test
    void shouldNotKeepAFailedReadAndReadEveryTimeWithAZeroTtl() {
        current.put(1L, OptionalLong.of(0));
        TokenGenerations cache = cache(Duration.ofSeconds(5), 10);
        down = true;
        ExecutionException failed = assertThrows(ExecutionException.class, () -> cache.holds(new TokenClaims(1, 0, 0)).get());
        assertInstanceOf(StateUnavailableException.class, failed.getCause());
        down = false;
        assertTrue(cache.holds(new TokenClaims(1, 0, 0)).join(), "the failure was not kept");

        TokenGenerations uncached = cache(Duration.ZERO, 10);
        reads.clear();
        uncached.holds(new TokenClaims(1, 0, 0)).join();
        uncached.holds(new TokenClaims(1, 0, 0)).join();
        assertEquals(2, reads.size());
    }

    @Test
    void shouldHoldAtMostItsCapacityLeastRecentlyUsedOutFirst() {
        for (long id = 1; id <= 3; id++) current.put(id, OptionalLong.of(0));
        TokenGenerations cache = cache(Duration.ofMinutes(1), 2);
        cache.holds(new TokenClaims(1, 0, 0)).join();
        cache.holds(new TokenClaims(2, 0, 0)).join();
        cache.holds(new TokenClaims(1, 0, 0)).join();
        cache.holds(new TokenClaims(3, 0, 0)).join();
        reads.clear();
        cache.holds(new TokenClaims(1, 0, 0)).join();
        cache.holds(new TokenClaims(3, 0, 0)).join();
        assertEquals(List.of(), reads, "1 and 3 kept");
        cache.holds(new TokenClaims(2, 0, 0)).join();
        assertEquals(List.of(2L), reads, "2 was the least recently used");
    }
}
