package dev.parley.streams.guild;

import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.processor.api.ProcessingContext;
import org.apache.kafka.streams.state.WindowStore;
import org.apache.kafka.streams.state.WindowStoreIterator;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;

/**
 * The nonces of recent message posts, for Discord's {@code enforce_nonce}: (channel, author, nonce) → the message
 * id, for {@code guild.nonce-window}. Kept in a window store whose retention is that window, so old nonces leave
 * RocksDB and the changelog by themselves. Used only on the task's stream thread.
 */
final class MessageNonces {
    private final WindowStore<Bytes, Long> store;
    private final Duration window;

    MessageNonces(ProcessingContext context, Duration window) {
        this.store = context.getStateStore(GuildStores.MESSAGE_NONCES);
        this.window = window;
    }

    /** The message {@code author} posted to {@code channelId} with {@code nonce} within the window before {@code at}, or null. */
    Long find(long channelId, long author, String nonce, Instant at) {
        Long found = null;
        try (WindowStoreIterator<Long> earlier = store.fetch(key(channelId, author, nonce), at.minus(window), at)) {
            while (earlier.hasNext()) found = earlier.next().value;
        }
        return found;
    }

    void remember(long channelId, long author, String nonce, long messageId, Instant at) {
        store.put(key(channelId, author, nonce), messageId, at.toEpochMilli());
    }

    private static Bytes key(long channelId, long author, String nonce) {
        byte[] text = nonce.getBytes(StandardCharsets.UTF_8);
        return Bytes.wrap(ByteBuffer.allocate(16 + text.length).putLong(channelId).putLong(author).put(text).array());
    }
}
