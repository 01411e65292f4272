package dev.parley.gateway.session;

import java.util.Arrays;
import java.util.zip.Deflater;

/**
 * Discord's {@code compress=zlib-stream} transport compression: one zlib stream per connection, each message
 * ended with a sync flush ({@code 00 00 ff ff}) so the client can inflate it at once. Not thread-safe: the
 * connection serializes calls. {@link #close()} frees the native deflater.
 */
final class ZlibStream implements AutoCloseable {
    private final Deflater deflater = new Deflater();
    private byte[] buffer = new byte[1024];

    byte[] compress(byte[] input) {
        deflater.setInput(input);
        int length = 0;
        while (true) {
            length += deflater.deflate(buffer, length, buffer.length - length, Deflater.SYNC_FLUSH);
            if (length < buffer.length) break;
            buffer = Arrays.copyOf(buffer, buffer.length * 2);
        }
        return Arrays.copyOf(buffer, length);
    }

    @Override
    public void close() {
        deflater.end();
    }
}
