package dev.parley.streams.guild;

import org.apache.kafka.common.utils.Bytes;

import java.nio.ByteBuffer;

/**
 * Two-part store keys, {@code (outer, inner)} as 16 big-endian bytes, so that RocksDB keeps the entries of one
 * outer id together and in inner-id order (snowflakes are positive, so byte order is numeric order):
 * (guild, user) for members, (channel, message) for history.
 */
public final class Keys {

    private Keys() {
    }

    public static Bytes pair(long outer, long inner) {
        return Bytes.wrap(ByteBuffer.allocate(16).putLong(outer).putLong(inner).array());
    }

    /** The first key of {@code outer}'s range. */
    public static Bytes first(long outer) {
        return pair(outer, 0);
    }

    /** The last key of {@code outer}'s range. */
    public static Bytes last(long outer) {
        return pair(outer, Long.MAX_VALUE);
    }

    public static long inner(Bytes key) {
        return ByteBuffer.wrap(key.get()).getLong(8);
    }
}
