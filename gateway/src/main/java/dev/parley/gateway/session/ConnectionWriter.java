package dev.parley.gateway.session;

import dev.parley.gateway.protocol.Dispatch;
import dev.parley.gateway.metrics.GatewayMetrics;
import dev.parley.gateway.protocol.CloseCause;
import dev.parley.gateway.protocol.CloseCode;
import io.undertow.websockets.core.CloseMessage;
import io.undertow.websockets.core.WebSocketCallback;
import io.undertow.websockets.core.WebSocketChannel;
import io.undertow.websockets.core.WebSockets;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xnio.IoUtils;
import org.xnio.XnioIoThread;

import java.nio.ByteBuffer;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * A connection's way out: frames queue in an {@link Outbox} bounded by {@code gateway.outbound.queue-bytes} and are
 * written on the I/O thread (compressed for a zlib-stream client); a frame that does not fit closes the connection
 * with a resumable 4000 (the client reads too slowly and catches up by RESUME). A close sends its close frame after
 * what is queued and drops the connection {@value #CLOSE_LINGER_MILLIS} ms after writing it, or
 * {@value #CLOSE_DEADLINE_MILLIS} ms after the close if the client does not read it.
 *
 * <p>Thread-safe: frames and closes may come from any thread.
 */
final class ConnectionWriter {
    private static final Logger log = LoggerFactory.getLogger(ConnectionWriter.class);
    private static final long CLOSE_LINGER_MILLIS = 1000;
    private static final long CLOSE_DEADLINE_MILLIS = 5000;

    private final WebSocketChannel channel;
    private final XnioIoThread io;
    private final GatewayMetrics metrics;
    private final long queueBytes;
    private final ZlibStream zlib;
    private final Outbox outbox;
    private final WebSocketCallback<Integer> written = new WebSocketCallback<>() {
        @Override
        public void complete(WebSocketChannel channel, Integer bytes) {
            outbox.written(bytes);
        }

        @Override
        public void onError(WebSocketChannel channel, Integer bytes, Throwable throwable) {
            outbox.written(bytes);
        }
    };

    private volatile boolean closing;
    private volatile CloseCode closedWith;

    /** @param relieved run on the I/O thread when the outbox drained after congestion */
    ConnectionWriter(WebSocketChannel channel, SessionLimits limits, GatewayMetrics metrics, boolean zlibStream,
                     Runnable relieved) {
        this.channel = channel;
        this.io = channel.getIoThread();
        this.metrics = metrics;
        this.queueBytes = limits.outboundQueueBytes();
        this.zlib = zlibStream ? new ZlibStream() : null;
        this.outbox = new Outbox(io, this::write, limits.outboundQueueBytes(), limits.outboundBatchBytes(), metrics,
                relieved);
    }

    /** Whether the connection is closing or closed: nothing more is sent, and nothing more should be started. */
    boolean closing() {
        return closing;
    }

    /** The Gateway close code this side closed with, null when none (not closed, or closed with another code). */
    CloseCode closedWith() {
        return closedWith;
    }

    /** Queues a frame that is not a dispatch (HELLO, heartbeat ACK, INVALID_SESSION…). */
    void send(byte[] frame) {
        if (closing) return;
        if (!outbox.offer(frame)) overflowed();
    }

    /** Queues dispatch {@code sequence}; false when it did not fit and the connection is closing. */
    boolean send(long sequence, Dispatch dispatch) {
        if (closing) return true;
        if (outbox.offer(sequence, dispatch)) return true;
        overflowed();
        return false;
    }

    /** Queues dispatch {@code sequence} of a RESUME's replay, whatever the queue's bound. */
    void replay(long sequence, Dispatch dispatch) {
        if (!closing) outbox.offerReplay(sequence, dispatch);
    }

    boolean congested() {
        return outbox.congested();
    }

    long queuedBytes() {
        return outbox.queuedBytes();
    }

    /** Closes for {@code cause}; whether the session survives follows its {@link CloseCode#resumable()}. */
    void close(CloseCause cause, String reason) {
        closedWith = cause.gatewayCode();
        closeNow(cause, reason);
    }

    /**
     * Sends a close frame with {@code code} after the frames already queued, and drops the connection shortly after
     * it is written, or {@value #CLOSE_DEADLINE_MILLIS} ms from now if the client does not read it. Once.
     */
    synchronized void closeNow(CloseCause cause, String reason) {
        if (closing) return;
        closing = true;
        int code = cause.code();
        metrics.closed(code, cause.label());
        log.debug("closing connection with {} ({}): {}", code, cause.label(), reason);
        if (!outbox.offerLast(() -> sendClose(code, reason))) sendClose(code, reason);
        try {
            io.executeAfter(() -> IoUtils.safeClose(channel), CLOSE_DEADLINE_MILLIS, TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException stopping) {
            IoUtils.safeClose(channel);
        }
    }

    /** Drops the TCP connection at once, without a close frame. */
    void abort() {
        closing = true;
        IoUtils.safeClose(channel);
    }

    /** The listener stopped: the I/O thread runs nothing more, so nothing more is sent. */
    void stopped() {
        closing = true;
    }

    /**
     * The channel closed: drops what is queued and the compressor. Possibly called inside {@link #closeNow} on the
     * I/O thread, holding this writer's lock.
     */
    void closed() {
        synchronized (this) {
            closing = true;
        }
        outbox.close();
        if (zlib != null) zlib.close();
    }

    /** The client reads too slowly for what it is sent: it may resume and catch up from the replay buffer. */
    private void overflowed() {
        metrics.overflowClosed();
        outbox.close(); // what is queued is dropped: the close frame goes next
        close(CloseCause.SLOW_READER, "reading too slowly: over " + queueBytes + " bytes queued; resume");
    }

    /** Writes one encoded frame, compressed for a zlib-stream client. I/O thread, in queue order. */
    private void write(byte[] frame, int bytes, long eventTimeMillis) {
        if (!channel.isOpen()) {
            outbox.written(bytes);
            return;
        }
        if (zlib != null) {
            WebSockets.sendBinary(ByteBuffer.wrap(zlib.compress(frame)), channel, written, bytes);
        } else {
            WebSockets.sendText(ByteBuffer.wrap(frame), channel, written, bytes);
        }
        metrics.delivered(eventTimeMillis);
    }

    private void sendClose(int code, String reason) {
        WebSockets.sendClose(new CloseMessage(code, CloseCode.fitReason(reason)), channel, new WebSocketCallback<>() {
            @Override
            public void complete(WebSocketChannel ch, Void context) {
                try {
                    io.executeAfter(() -> IoUtils.safeClose(ch), CLOSE_LINGER_MILLIS, TimeUnit.MILLISECONDS);
                } catch (RejectedExecutionException stopping) {
                    IoUtils.safeClose(ch); // the listener is stopping: no time to linger
                }
            }

            @Override
            public void onError(WebSocketChannel ch, Void context, Throwable throwable) {
                IoUtils.safeClose(ch);
            }
        });
    }
}
