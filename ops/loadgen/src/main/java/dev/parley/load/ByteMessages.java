package dev.parley.load;

import io.undertow.connector.PooledByteBuffer;
import io.undertow.websockets.core.AbstractReceiveListener;
import io.undertow.websockets.core.CloseMessage;
import io.undertow.websockets.core.StreamSourceFrameChannel;
import io.undertow.websockets.core.WebSocketChannel;
import org.xnio.ChannelListener;
import org.xnio.IoUtils;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * Receives whole WebSocket messages as bytes into one reusable buffer per connection, without decoding them to
 * strings: the load generator reads a few ASCII fields out of every frame, and must cost less than the server it
 * measures. Not thread-safe: one per connection, used on its I/O thread.
 */
final class ByteMessages extends AbstractReceiveListener {

    /** What to do with each message; {@code data} is valid only during the call. */
    interface Handler {
        void message(byte[] data, int length, boolean binary);

        default void closed(int code) {
        }
    }

    private final Handler handler;
    private byte[] data = new byte[4096];
    private int length;

    ByteMessages(Handler handler) {
        this.handler = handler;
    }

    @Override
    protected void onText(WebSocketChannel channel, StreamSourceFrameChannel message) {
        read(message, false);
    }

    @Override
    protected void onBinary(WebSocketChannel channel, StreamSourceFrameChannel message) {
        read(message, true);
    }

    @Override
    protected void onCloseMessage(CloseMessage message, WebSocketChannel channel) {
        handler.closed(message.getCode());
    }

    private void read(StreamSourceFrameChannel message, boolean binary) {
        length = 0;
        ChannelListener<StreamSourceFrameChannel> reader = new ChannelListener<>() {
            @Override
            public void handleEvent(StreamSourceFrameChannel ch) {
                try (PooledByteBuffer pooled = ch.getWebSocketChannel().getBufferPool().allocate()) {
                    ByteBuffer buffer = pooled.getBuffer();
                    while (true) {
                        buffer.clear();
                        int read = ch.read(buffer);
                        if (read == 0) return;
                        if (read == -1) {
                            ch.getReadSetter().set(null);
                            handler.message(data, length, binary);
                            return;
                        }
                        if (length + read > data.length) data = Arrays.copyOf(data, Math.max(data.length * 2, length + read));
                        buffer.flip();
                        buffer.get(data, length, read);
                        length += read;
                    }
                } catch (IOException e) {
                    IoUtils.safeClose(ch.getWebSocketChannel());
                }
            }
        };
        reader.handleEvent(message);
        if (message.isOpen()) {
            message.getReadSetter().set(reader);
            message.resumeReads();
        }
    }

    /** The first occurrence of ASCII {@code key} in {@code data[0..length)}, or -1. */
    static int indexOf(byte[] data, int length, byte[] key) {
        outer:
        for (int i = 0; i <= length - key.length; i++) {
            for (int j = 0; j < key.length; j++) {
                if (data[i + j] != key[j]) continue outer;
            }
            return i;
        }
        return -1;
    }

    /** The decimal number right after {@code key}, or -1. */
    static long numberAfter(byte[] data, int length, byte[] key) {
        int at = indexOf(data, length, key);
        if (at < 0) return -1;
        int i = at + key.length;
        long value = 0;
        boolean any = false;
        while (i < length && data[i] >= '0' && data[i] <= '9') {
            value = value * 10 + (data[i++] - '0');
            any = true;
        }
        return any ? value : -1;
    }

    /** The string right after {@code key} up to the next quote, or null. */
    static String stringAfter(byte[] data, int length, byte[] key) {
        int at = indexOf(data, length, key);
        if (at < 0) return null;
        int start = at + key.length;
        int end = start;
        while (end < length && data[end] != '"') end++;
        return new String(data, start, end - start, java.nio.charset.StandardCharsets.UTF_8);
    }
}
