package dev.parley.gateway.session;

import io.undertow.connector.PooledByteBuffer;
import io.undertow.websockets.core.AbstractReceiveListener;
import io.undertow.websockets.core.BufferedBinaryMessage;
import io.undertow.websockets.core.CloseMessage;
import io.undertow.websockets.core.StreamSourceFrameChannel;
import io.undertow.websockets.core.WebSocketChannel;
import org.xnio.ChannelListener;
import org.xnio.IoUtils;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * Reads client messages (text, or binary holding JSON) into byte arrays of at most the payload limit, and hands
 * each complete one to its {@link Connection}. A message over the limit is not buffered: the connection closes
 * with 4002 instead of Undertow's generic 1009.
 */
final class FrameReceiver extends AbstractReceiveListener {
    /** RFC 6455's code for a close frame without a status: leaves the session resumable. */
    private static final int NO_STATUS = 1005;

    private final Connection connection;
    private final int limit;

    FrameReceiver(Connection connection, int limit) {
        this.connection = connection;
        this.limit = limit;
    }

    @Override
    protected void onText(WebSocketChannel channel, StreamSourceFrameChannel message) {
        new MessageReader(message).read();
    }

    @Override
    protected void onBinary(WebSocketChannel channel, StreamSourceFrameChannel message) {
        new MessageReader(message).read();
    }

    /**
     * A close frame the client really sent. (Undertow also calls {@code onCloseMessage} with a made-up 1001 when the
     * TCP connection merely drops, which must leave the session resumable; so the code is read here instead.)
     */
    @Override
    protected void onFullCloseMessage(WebSocketChannel channel, BufferedBinaryMessage message) throws IOException {
        ByteBuffer[] frame = Arrays.stream(message.getData().getResource()).map(ByteBuffer::duplicate)
                .toArray(ByteBuffer[]::new);
        long length = Arrays.stream(frame).mapToLong(ByteBuffer::remaining).sum();
        connection.onClientClose(length >= 2 ? new CloseMessage(frame).getCode() : NO_STATUS);
        super.onFullCloseMessage(channel, message);
    }

    @Override
    protected void onError(WebSocketChannel channel, Throwable error) {
        IoUtils.safeClose(channel);
    }

    /** Reads one message, across as many reads as the network needs. */
    private final class MessageReader implements ChannelListener<StreamSourceFrameChannel> {
        private final StreamSourceFrameChannel message;
        private byte[] data = new byte[Math.min(limit, 512)];
        private int length;
        private boolean done;

        MessageReader(StreamSourceFrameChannel message) {
            this.message = message;
        }

        void read() {
            handleEvent(message);
            if (!done) {
                message.getReadSetter().set(this);
                message.resumeReads();
            }
        }

        @Override
        public void handleEvent(StreamSourceFrameChannel channel) {
            if (done) return;
            try (PooledByteBuffer pooled = channel.getWebSocketChannel().getBufferPool().allocate()) {
                ByteBuffer buffer = pooled.getBuffer();
                while (true) {
                    buffer.clear();
                    int read = channel.read(buffer);
                    if (read == 0) return;
                    if (read == -1) {
                        done = true;
                        channel.getReadSetter().set(null);
                        connection.onMessage(data, length);
                        return;
                    }
                    if (length + read > limit) {
                        done = true;
                        channel.suspendReads();
                        connection.onTooLarge();
                        return;
                    }
                    if (length + read > data.length) data = Arrays.copyOf(data, Math.min(limit, Math.max(data.length * 2, length + read)));
                    buffer.flip();
                    buffer.get(data, length, read);
                    length += read;
                }
            } catch (IOException e) {
                done = true;
                IoUtils.safeClose(channel.getWebSocketChannel());
            }
        }
    }
}
