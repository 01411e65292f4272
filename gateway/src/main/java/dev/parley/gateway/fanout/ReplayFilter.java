package dev.parley.gateway.fanout;

import dev.parley.schemas.guild.GuildEvent;
import dev.parley.schemas.guild.MessageCreated;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Recognises guild events delivered already: the guild app processes commands at least once, so after its tasks move
 * (a streams process or a broker crashed) it emits again, with the same ids and the same bytes, the events of the
 * commands since its last commit; and a post retried with its nonce is answered with the message it made, emitted
 * again. Clients must not see either twice (a bot would answer a message twice).
 *
 * <p>An event is a replay when, among the last {@code window} events of its {@code guild-events} partition, there was
 * a {@code MESSAGE_CREATE} of the same message id (a message is created once), or, for any other event, one of the
 * same command ({@link GuildEvent#requestId()}) with the same bytes (distinct commands have distinct request ids,
 * so a change made twice on purpose is never taken for a replay). Events of no request are never replays. Used only on
 * the fan-out consumer's thread.
 */
final class ReplayFilter {
    /** What identifies an event among its partition's recent ones. */
    private record Key(String requestId, long id) {
    }

    private final int window;
    private final Map<Integer, Map<Key, Boolean>> recentByPartition = new HashMap<>();

    /** @param window events remembered per partition ({@code gateway.fanout.replay-window}); at least 1 */
    ReplayFilter(int window) {
        if (window < 1) throw new IllegalArgumentException("gateway.fanout.replay-window must be at least 1: " + window);
        this.window = window;
    }

    /**
     * Whether {@code event}, read from {@code partition} with the record value {@code bytes}, was delivered already;
     * if not, it is remembered as delivered.
     */
    boolean isReplay(int partition, GuildEvent event, byte[] bytes) {
        Key key;
        if (event instanceof MessageCreated created) key = new Key(null, created.message().id());
        else if (event.requestId() != null) key = new Key(event.requestId(), fnv1a(bytes));
        else return false;
        Map<Key, Boolean> recent = recentByPartition.computeIfAbsent(partition, p -> new LinkedHashMap<>(256, 0.75f, false) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<Key, Boolean> eldest) {
                return size() > window;
            }
        });
        return recent.put(key, Boolean.TRUE) != null;
    }

    /** 64-bit FNV-1a of {@code bytes}. */
    private static long fnv1a(byte[] bytes) {
        long hash = 0xcbf29ce484222325L;
        for (byte b : bytes) {
            hash ^= b & 0xff;
            hash *= 0x100000001b3L;
        }
        return hash;
    }
}
