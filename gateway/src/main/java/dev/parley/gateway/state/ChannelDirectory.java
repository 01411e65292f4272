package dev.parley.gateway.state;

import dev.parley.schemas.guild.ChannelRef;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * Which guild a channel belongs to, for requests addressed by channel id: the channel index of the state apps,
 * with the answers cached here (a channel never changes guild; a deleted one is refused by the guild app).
 * The cache holds at most {@code capacity} channels, least recently used out first. Thread-safe.
 */
public final class ChannelDirectory {
    private final StateClient state;
    private final Map<Long, Long> cache;

    public ChannelDirectory(StateClient state, int capacity) {
        this.state = state;
        this.cache = new LinkedHashMap<>(1024, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<Long, Long> eldest) {
                return size() > capacity;
            }
        };
    }

    /** The guild of {@code channelId}, or Missing when no such channel exists. */
    public CompletableFuture<Lookup<Long>> guildOf(long channelId) {
        Long cached;
        synchronized (cache) {
            cached = cache.get(channelId);
        }
        if (cached != null) return CompletableFuture.completedFuture(new Lookup.Found<>(cached));
        return state.channel(channelId).thenApply(lookup -> {
            if (lookup instanceof Lookup.Found<ChannelRef> found) {
                synchronized (cache) {
                    cache.put(channelId, found.value().guildId());
                }
            }
            return lookup.map(ChannelRef::guildId);
        });
    }
}
