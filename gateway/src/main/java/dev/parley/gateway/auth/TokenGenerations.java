package dev.parley.gateway.auth;

import dev.parley.gateway.state.StateUnavailableException;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.function.LongFunction;
import java.util.function.LongSupplier;

/**
 * Whether a genuine token still holds, for REST: its user exists and it was minted at the user's current token
 * generation. The answer comes from the user state app (one read of {@code /users/{id}/token-generation} answers
 * both, {@link dev.parley.gateway.state.StateClient#tokenGeneration}) and is kept per user for
 * {@code auth.token-cache.ttl}, at most {@code auth.token-cache.entries} users, least recently used out first;
 * concurrent requests of one user share one read.
 *
 * <p>Bound: a revocation is honoured here at once when this gateway {@link #forget}s the user (it served the
 * revocation, or read it on {@code user-events}), and in any case within the TTL of the read that preceded it.
 * Failed reads are not kept. Thread-safe.
 */
public final class TokenGenerations {
    private record Entry(CompletableFuture<OptionalLong> generation, long readAtNanos) {
    }

    private final LongFunction<CompletableFuture<OptionalLong>> lookup;
    private final long ttlNanos;
    private final LongSupplier clock;
    private final Map<Long, Entry> entries;

    /**
     * @param lookup reads a user's current generation (empty: no such user), failing with
     *               {@link StateUnavailableException} when it cannot
     * @param clock  a nanosecond clock ({@link System#nanoTime} but in tests)
     */
    public TokenGenerations(LongFunction<CompletableFuture<OptionalLong>> lookup, Duration ttl, int capacity,
                            LongSupplier clock) {
        if (capacity < 1) throw new IllegalArgumentException("auth.token-cache.entries must be positive: " + capacity);
        this.lookup = lookup;
        this.ttlNanos = ttl.toNanos();
        this.clock = clock;
        this.entries = new LinkedHashMap<>(1024, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<Long, Entry> eldest) {
                return size() > capacity;
            }
        };
    }

    /**
     * Completes with whether {@code claims} hold now (user exists, generation current); fails with
     * {@link StateUnavailableException} when the state apps cannot say.
     */
    public CompletableFuture<Boolean> holds(TokenClaims claims) {
        return generation(claims.userId())
                .thenApply(current -> current.isPresent() && current.getAsLong() == claims.generation());
    }

    /** Drops what is kept of {@code userId}: the next request reads the generation again. */
    public void forget(long userId) {
        synchronized (entries) {
            entries.remove(userId);
        }
    }

    /** The user's current generation, empty when no such user exists. */
    private CompletableFuture<OptionalLong> generation(long userId) {
        long now = clock.getAsLong();
        Entry entry;
        synchronized (entries) {
            Entry known = entries.get(userId);
            if (known != null && now - known.readAtNanos < ttlNanos) return known.generation;
            entry = new Entry(new CompletableFuture<>(), now);
            if (ttlNanos > 0) entries.put(userId, entry);
        }
        lookup.apply(userId).whenComplete((generation, error) -> {
            if (error == null) {
                entry.generation.complete(generation);
                return;
            }
            synchronized (entries) {
                entries.remove(userId, entry);
            }
            entry.generation.completeExceptionally(error);
        });
        return entry.generation;
    }
}
