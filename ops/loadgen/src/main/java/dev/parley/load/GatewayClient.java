package dev.parley.load;

import io.undertow.websockets.core.AbstractReceiveListener;
import io.undertow.websockets.core.BufferedBinaryMessage;
import io.undertow.websockets.core.BufferedTextMessage;
import io.undertow.websockets.core.CloseMessage;
import io.undertow.websockets.core.WebSocketChannel;
import io.undertow.websockets.core.WebSockets;
import org.xnio.IoFuture;
import org.xnio.IoUtils;

import java.io.IOException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * One simulated Gateway v10 client: HELLO, IDENTIFY (or RESUME after a drop), heartbeats on schedule, an
 * immediate heartbeat when the server asks (op 1). It checks that {@code s} rises by exactly one, and records the
 * latency of every dispatch of a marked type from the {@link LatencyMark} inside it.
 */
public final class GatewayClient {
    /** What a client is told to be. */
    public record Spec(URI uri, String token, long intents, boolean zlib, boolean resume, Set<String> markedTypes) {
    }

    private final ClientPool pool;
    private final Spec spec;
    private final Metrics metrics;
    private final CompletableFuture<String> ready = new CompletableFuture<>();
    private volatile WebSocketChannel channel;
    private volatile Consumer<String> onDispatch = text -> { };
    private Inflater inflater;
    private volatile long lastSequence;
    private volatile String sessionId;
    private volatile boolean closing;
    private volatile boolean paused;
    private long heartbeatMillis;

    public GatewayClient(ClientPool pool, Spec spec, Metrics metrics) {
        this.pool = pool;
        this.spec = spec;
        this.metrics = metrics;
    }

    /** Connects and identifies; the future completes with the session id at READY. */
    public CompletableFuture<String> start() {
        open(false);
        return ready;
    }

    /** Called with the text of every dispatch (after sequence and latency bookkeeping), on an I/O thread. */
    public void onDispatch(Consumer<String> listener) {
        this.onDispatch = listener;
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
                if (!resuming) ready.completeExceptionally(new IOException("connect failed"));
                return;
            }
            try {
                attach(result.get(), resuming);
            } catch (IOException e) {
                metrics.connectFailures.increment();
            }
        }, null);
    }

    private void attach(WebSocketChannel opened, boolean resuming) {
        channel = opened;
        inflater = spec.zlib() ? new Inflater() : null;
        metrics.connected.increment();
        opened.getReceiveSetter().set(new AbstractReceiveListener() {
            @Override
            protected void onFullTextMessage(WebSocketChannel ch, BufferedTextMessage message) {
                handle(ch, message.getData(), resuming);
            }

            @Override
            protected void onFullBinaryMessage(WebSocketChannel ch, BufferedBinaryMessage message) {
                try {
                    handle(ch, inflate(message), resuming);
                } finally {
                    message.getData().free();
                }
            }

            @Override
            protected void onCloseMessage(CloseMessage message, WebSocketChannel ch) {
                metrics.closed(message.getCode());
            }
        });
        opened.addCloseTask(ch -> {
            if (inflater != null) inflater.end();
            if (!closing && spec.resume() && sessionId != null) {
                ch.getIoThread().executeAfter(() -> open(true), 100, TimeUnit.MILLISECONDS);
            }
        });
        opened.resumeReceives();
    }

    private void handle(WebSocketChannel ch, String text, boolean resuming) {
        int op = intAfter(text, "\"op\":");
        switch (op) {
            case 0 -> dispatch(text);
            case 1 -> heartbeat(ch);
            case 7 -> IoUtils.safeClose(ch);
            case 9 -> {
                sessionId = null;
                lastSequence = 0;
                identify(ch);
            }
            case 10 -> {
                heartbeatMillis = intAfter(text, "\"heartbeat_interval\":");
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

    private void dispatch(String text) {
        long s = longAfter(text, "\"s\":");
        long last = lastSequence;
        if (s > last + 1 && last > 0) metrics.missed.add(s - last - 1);
        if (s <= last) {
            metrics.duplicated.increment();
        } else {
            lastSequence = s;
        }
        String type = stringAfter(text, "\"t\":\"");
        if ("READY".equals(type)) {
            sessionId = stringAfter(text, "\"session_id\":\"");
            metrics.ready.increment();
            ready.complete(sessionId);
        } else if (type != null && spec.markedTypes().contains(type)) {
            long age = LatencyMark.ageMicros(text, System.nanoTime());
            if (age >= 0) metrics.delivered(age);
            else metrics.deliveredUntimed();
        }
        onDispatch.accept(text);
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

    private String inflate(BufferedBinaryMessage message) {
        ByteBuffer[] buffers = message.getData().getResource();
        int size = 0;
        for (ByteBuffer b : buffers) size += b.remaining();
        byte[] input = new byte[size];
        int offset = 0;
        for (ByteBuffer b : buffers) {
            int n = b.remaining();
            b.get(input, offset, n);
            offset += n;
        }
        inflater.setInput(input);
        byte[] out = new byte[Math.max(256, size * 4)];
        int length = 0;
        try {
            while (true) {
                int n = inflater.inflate(out, length, out.length - length);
                length += n;
                if (length < out.length) break;
                out = java.util.Arrays.copyOf(out, out.length * 2);
            }
        } catch (DataFormatException e) {
            throw new IllegalStateException("bad zlib-stream data", e);
        }
        return new String(out, 0, length, StandardCharsets.UTF_8);
    }

    static int intAfter(String text, String key) {
        return (int) longAfter(text, key);
    }

    static long longAfter(String text, String key) {
        int at = text.indexOf(key);
        if (at < 0) return -1;
        long value = 0;
        int i = at + key.length();
        while (i < text.length() && text.charAt(i) == ' ') i++;
        boolean any = false;
        while (i < text.length() && Character.isDigit(text.charAt(i))) {
            value = value * 10 + (text.charAt(i++) - '0');
            any = true;
        }
        return any ? value : -1;
    }

    static String stringAfter(String text, String key) {
        int at = text.indexOf(key);
        if (at < 0) return null;
        int start = at + key.length();
        int end = text.indexOf('"', start);
        return end < 0 ? null : text.substring(start, end);
    }
}
