package dev.parley.load;

import io.undertow.websockets.core.CloseMessage;
import io.undertow.websockets.core.WebSocketChannel;
import io.undertow.websockets.core.WebSockets;
import org.xnio.IoFuture;
import org.xnio.IoUtils;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * One simulated Gateway v10 client: HELLO, IDENTIFY (or RESUME after a drop), heartbeats on schedule, an
 * immediate heartbeat when the server asks (op 1). It checks that {@code s} rises by exactly one, and records the
 * latency of every dispatch of a marked type from the {@link LatencyMark} inside it. Frames are read as bytes and
 * only the fields it needs are picked out of them.
 */
public final class GatewayClient {
    private static final byte[] OP = ascii("\"op\":");
    private static final byte[] SEQ = ascii("\"s\":");
    private static final byte[] TYPE = ascii("\"t\":\"");
    private static final byte[] SESSION_ID = ascii("\"session_id\":\"");
    private static final byte[] INTERVAL = ascii("\"heartbeat_interval\":");

    /** What a client is told to be. */
    public record Spec(URI uri, String token, long intents, boolean zlib, boolean resume, Set<String> markedTypes) {
    }

    private final ClientPool pool;
    private final Spec spec;
    private final Metrics metrics;
    private final byte[][] marked;
    private final CompletableFuture<String> ready = new CompletableFuture<>();
    private volatile WebSocketChannel channel;
    private Inflater inflater;
    private byte[] inflated = new byte[8192];
    private volatile long lastSequence;
    private volatile String sessionId;
    private volatile boolean closing;
    private volatile boolean paused;
    private long heartbeatMillis;
    private int attempts;

    /** Connections tried before a client that never reached READY gives up, as client libraries retry. */
    static final int MAX_ATTEMPTS = 5;

    public GatewayClient(ClientPool pool, Spec spec, Metrics metrics) {
        this.pool = pool;
        this.spec = spec;
        this.metrics = metrics;
        this.marked = spec.markedTypes().stream().map(t -> ascii("\"t\":\"" + t + "\"")).toArray(byte[][]::new);
    }

    /** Connects and identifies; the future completes with the session id at READY. */
    public CompletableFuture<String> start() {
        open(false);
        return ready;
    }

    public void send(String text) {
        WebSocketChannel current = channel;
        if (current != null && current.isOpen()) WebSockets.sendText(text, current, null);
    }

    /** Stops reading from the socket (a slow reader); the server's queue for it grows. */
    public void pause() {
        paused = true;
        WebSocketChannel current = channel;
        if (current != null) current.suspendReceives();
    }

    public void close() {
        closing = true;
        WebSocketChannel current = channel;
        if (current != null) {
            WebSockets.sendClose(CloseMessage.NORMAL_CLOSURE, "", current, null);
            IoUtils.safeClose(current);
        }
    }

    private void open(boolean resuming) {
        IoFuture<WebSocketChannel> future = pool.connect(URI.create(spec.uri() + (spec.zlib() ? "&compress=zlib-stream" : "")));
        future.addNotifier((result, attachment) -> {
            if (result.getStatus() != IoFuture.Status.DONE) {
                metrics.connectFailures.increment();
                if (!resuming) retryOrFail(new IOException("connect failed"));
                return;
            }
            try {
                attach(result.get(), resuming);
            } catch (IOException e) {
                metrics.connectFailures.increment();
            }
        }, null);
    }

    /**
     * A client that has not reached READY connects again and identifies afresh after a random 1-5 s back-off (what
     * client libraries do after a close such as 4000), up to {@link #MAX_ATTEMPTS} times.
     */
    private void retryOrFail(IOException why) {
        if (closing || ready.isDone()) return;
        if (++attempts >= MAX_ATTEMPTS) {
            ready.completeExceptionally(why);
            return;
        }
        metrics.retries.increment();
        long backoff = 1000 + (long) (4000 * Math.random());
        java.util.concurrent.CompletableFuture.delayedExecutor(backoff, TimeUnit.MILLISECONDS).execute(() -> open(false));
    }

    private void attach(WebSocketChannel opened, boolean resuming) {
        channel = opened;
        inflater = spec.zlib() ? new Inflater() : null;
        metrics.connected.increment();
        opened.getReceiveSetter().set(new ByteMessages(new ByteMessages.Handler() {
            @Override
            public void message(byte[] data, int length, boolean binary) {
                if (binary) {
                    int n = inflate(data, length);
                    handle(opened, inflated, n, resuming);
                } else {
                    handle(opened, data, length, resuming);
                }
            }

            @Override
            public void closed(int code) {
                metrics.closed(code);
                if (code == 4008) GatewayLimits.hit();
            }
        }));
        opened.addCloseTask(ch -> {
            if (inflater != null) inflater.end();
            if (closing) return;
            if (spec.resume() && sessionId != null) {
                ch.getIoThread().executeAfter(() -> open(true), 100, TimeUnit.MILLISECONDS);
            } else if (!ready.isDone()) {
                retryOrFail(new IOException("closed before READY"));
            }
        });
        opened.resumeReceives();
    }

    private void handle(WebSocketChannel ch, byte[] data, int length, boolean resuming) {
        int op = (int) ByteMessages.numberAfter(data, length, OP);
        switch (op) {
            case 0 -> dispatch(data, length);
            case 1 -> heartbeat(ch);
            case 7 -> IoUtils.safeClose(ch);
            case 9 -> {
                sessionId = null;
                lastSequence = 0;
                identify(ch);
            }
            case 10 -> {
                heartbeatMillis = ByteMessages.numberAfter(data, length, INTERVAL);
                scheduleHeartbeat(ch);
                if (resuming && sessionId != null) {
                    WebSockets.sendText("{\"op\":6,\"d\":{\"token\":\"" + spec.token() + "\",\"session_id\":\"" + sessionId
                            + "\",\"seq\":" + lastSequence + "}}", ch, null);
                } else {
                    identify(ch);
                }
            }
            default -> { }
        }
    }

    private void dispatch(byte[] data, int length) {
        long s = ByteMessages.numberAfter(data, length, SEQ);
        long last = lastSequence;
        if (s > last + 1 && last > 0) metrics.missed.add(s - last - 1);
        if (s <= last) {
            metrics.duplicated.increment();
        } else {
            lastSequence = s;
        }
        for (byte[] type : marked) {
            if (ByteMessages.indexOf(data, Math.min(length, 64), type) >= 0) {
                long age = LatencyMark.ageMicros(data, length, System.nanoTime());
                if (age >= 0) metrics.delivered(age);
                else metrics.deliveredUntimed();
                return;
            }
        }
        if (sessionId == null && "READY".equals(ByteMessages.stringAfter(data, Math.min(length, 64), TYPE))) {
            sessionId = ByteMessages.stringAfter(data, length, SESSION_ID);
            metrics.ready.increment();
            ready.complete(sessionId);
        }
    }

    private void identify(WebSocketChannel ch) {
        WebSockets.sendText("{\"op\":2,\"d\":{\"token\":\"" + spec.token() + "\",\"intents\":" + spec.intents()
                + ",\"large_threshold\":50,\"properties\":{\"os\":\"linux\",\"browser\":\"parley-load\",\"device\":\"parley-load\"}}}",
                ch, null);
    }

    private void scheduleHeartbeat(WebSocketChannel ch) {
        long jitter = (long) (heartbeatMillis * Math.random());
        ch.getIoThread().executeAfter(() -> beat(ch), jitter, TimeUnit.MILLISECONDS);
    }

    private void beat(WebSocketChannel ch) {
        if (!ch.isOpen()) return;
        if (!paused) heartbeat(ch);
        ch.getIoThread().executeAfter(() -> beat(ch), heartbeatMillis, TimeUnit.MILLISECONDS);
    }

    private void heartbeat(WebSocketChannel ch) {
        long last = lastSequence;
        WebSockets.sendText("{\"op\":1,\"d\":" + (last == 0 ? "null" : last) + "}", ch, null);
    }

    /** Inflates one zlib-stream message into {@link #inflated}; returns its length. */
    private int inflate(byte[] data, int length) {
        inflater.setInput(data, 0, length);
        int n = 0;
        try {
            while (true) {
                n += inflater.inflate(inflated, n, inflated.length - n);
                if (n < inflated.length) return n;
                inflated = Arrays.copyOf(inflated, inflated.length * 2);
            }
        } catch (DataFormatException e) {
            throw new IllegalStateException("bad zlib-stream data", e);
        }
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
