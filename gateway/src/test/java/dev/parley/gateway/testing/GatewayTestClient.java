package dev.parley.gateway.testing;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.schemas.json.Json;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * A Gateway v10 client for tests, on the JDK's WebSocket client: every message received (text, or binary
 * inflated through one zlib stream per connection, as {@code compress=zlib-stream} asks) is queued as JSON.
 */
public final class GatewayTestClient implements AutoCloseable {
    public static final Duration TIMEOUT = Duration.ofSeconds(15);

    private final BlockingQueue<JsonNode> messages = new LinkedBlockingQueue<>();
    private final CompletableFuture<Integer> closeCode = new CompletableFuture<>();
    private final WebSocket socket;
    private volatile boolean aborted;
    private final Object demand = new Object();
    private boolean paused;
    private boolean owed;
    /** HELLO's heartbeat_interval in ms, once HELLO came; 0 before. */
    private volatile long heartbeatIntervalMs;
    /** The sequence number of the last dispatch received; -1 for none. */
    private volatile long lastSeq = -1;
    private volatile ScheduledExecutorService heartbeats;

    private GatewayTestClient(URI uri) {
        Listener listener = new Listener();
        this.socket = HttpClient.newHttpClient().newWebSocketBuilder().connectTimeout(TIMEOUT)
                .buildAsync(uri, listener).orTimeout(TIMEOUT.toSeconds(), TimeUnit.SECONDS).join();
    }

    /** Connects to {@code uri}, e.g. {@code ws://localhost:8080/?v=10&encoding=json}. */
    public static GatewayTestClient connect(URI uri) {
        return new GatewayTestClient(uri);
    }

    /** The next message, waiting up to {@link #TIMEOUT}; fails the test if none comes. */
    public JsonNode next() {
        return next(TIMEOUT);
    }

    public JsonNode next(Duration timeout) {
        try {
            JsonNode message = messages.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
            if (message == null) throw new AssertionError("no gateway message within " + timeout);
            return message;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    /** The next message, which must have opcode {@code op}. */
    public JsonNode expectOp(int op) {
        JsonNode message = next();
        if (message.path("op").asInt(-1) != op) throw new AssertionError("expected op " + op + ", got " + message);
        return message;
    }

    /** The next dispatch of type {@code t}, skipping others; fails the test if none comes. */
    public JsonNode awaitDispatch(String t) {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (true) {
            long left = deadline - System.nanoTime();
            if (left <= 0) throw new AssertionError("no " + t + " within " + TIMEOUT);
            JsonNode message = next(Duration.ofNanos(left));
            if (message.path("op").asInt() == 0 && t.equals(message.path("t").asText())) return message;
        }
    }

    /** Fails if a dispatch matching {@code unwanted} arrives within {@code quiet}. */
    public void assertNoDispatch(Duration quiet, java.util.function.Predicate<JsonNode> unwanted) {
        long deadline = System.nanoTime() + quiet.toNanos();
        try {
            while (System.nanoTime() < deadline) {
                JsonNode message = messages.poll(Math.max(1, (deadline - System.nanoTime()) / 1_000_000), TimeUnit.MILLISECONDS);
                if (message != null && message.path("op").asInt() == 0 && unwanted.test(message)) {
                    throw new AssertionError("unexpected dispatch " + message);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** A message if one arrives within {@code timeout}, else null. */
    public JsonNode poll(Duration timeout) throws InterruptedException {
        return messages.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /**
     * An IDENTIFY (op 2) of {@code token} asking for {@code intents}, with the properties of a test client, plus
     * {@code extra} fields of {@code d} (e.g. {@code ,"shard":[1,2]}; empty for none).
     */
    public static String identifyPayload(String token, long intents, String extra) {
        return "{\"op\":2,\"d\":{\"token\":\"" + token + "\",\"intents\":" + intents
                + ",\"properties\":{\"os\":\"linux\",\"browser\":\"parley-test\",\"device\":\"parley-test\"}" + extra + "}}";
    }

    /** As {@link #identifyPayload(String, long, String)} without extra fields. */
    public static String identifyPayload(String token, long intents) {
        return identifyPayload(token, intents, "");
    }

    /** Sends IDENTIFY and waits for READY (skipping what comes before it); the READY message. */
    public JsonNode identify(String token, long intents) {
        return identify(token, intents, "");
    }

    /** As {@link #identify(String, long)}, with {@code extra} fields of {@code d}. */
    public JsonNode identify(String token, long intents, String extra) {
        send(identifyPayload(token, intents, extra));
        return awaitDispatch("READY");
    }

    /**
     * Heartbeats from now on as a real client does: every HELLO {@code heartbeat_interval} (HELLO must have come), an
     * op 1 carrying the last sequence number received. Without it a session the test keeps longer than the interval
     * plus the gateway's grace is closed with 4009.
     */
    public void keepAlive() {
        if (heartbeatIntervalMs <= 0) throw new IllegalStateException("no HELLO yet");
        if (heartbeats != null) return;
        heartbeats = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "test-client-heartbeats");
            thread.setDaemon(true);
            return thread;
        });
        heartbeats.scheduleAtFixedRate(() -> {
            if (isClosed() || socket.isOutputClosed()) return;
            long seq = lastSeq;
            try {
                send("{\"op\":1,\"d\":" + (seq < 0 ? "null" : Long.toString(seq)) + "}");
            } catch (RuntimeException e) {
                // the socket closed meanwhile: the test sees the close
            }
        }, heartbeatIntervalMs, heartbeatIntervalMs, TimeUnit.MILLISECONDS);
    }

    /** Sends a text frame; one at a time (the heartbeats of {@link #keepAlive()} share the socket). */
    public synchronized void send(String text) {
        socket.sendText(text, true).orTimeout(TIMEOUT.toSeconds(), TimeUnit.SECONDS).join();
    }

    /**
     * Stops reading from the socket after the message being delivered: the server's frames pile up in the TCP buffers
     * and then in the gateway, as with a client that reads too slowly.
     */
    public void pauseReading() {
        synchronized (demand) {
            paused = true;
        }
    }

    /** Reads again after {@link #pauseReading()}. */
    public void resumeReading() {
        synchronized (demand) {
            paused = false;
            if (owed) {
                owed = false;
                socket.request(1);
            }
        }
    }

    private void requestNext(WebSocket webSocket) {
        synchronized (demand) {
            if (paused) owed = true;
            else webSocket.request(1);
        }
    }

    /** The close code the server sent, waiting up to {@link #TIMEOUT}. */
    public int awaitCloseCode() {
        return closeCode.orTimeout(TIMEOUT.toSeconds(), TimeUnit.SECONDS).join();
    }

    public boolean isClosed() {
        return closeCode.isDone();
    }

    /** Closes with {@code code} (1000 ends the session; others keep it resumable). */
    public void close(int code) {
        if (!aborted && !socket.isOutputClosed()) socket.sendClose(code, "").orTimeout(5, TimeUnit.SECONDS).exceptionally(e -> null).join();
    }

    /** Drops the TCP connection without a close frame. */
    public void abort() {
        if (heartbeats != null) heartbeats.shutdownNow();
        aborted = true;
        socket.abort();
    }

    @Override
    public void close() {
        if (heartbeats != null) heartbeats.shutdownNow();
        try {
            close(WebSocket.NORMAL_CLOSURE);
        } finally {
            socket.abort();
        }
    }

    private final class Listener implements WebSocket.Listener {
        private final StringBuilder text = new StringBuilder();
        private final ByteArrayOutputStream binary = new ByteArrayOutputStream();
        private final Inflater inflater = new Inflater();

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            text.append(data);
            if (last) {
                queue(text.toString());
                text.setLength(0);
            }
            requestNext(webSocket);
            return null;
        }

        @Override
        public CompletionStage<?> onBinary(WebSocket webSocket, ByteBuffer data, boolean last) {
            byte[] bytes = new byte[data.remaining()];
            data.get(bytes);
            binary.writeBytes(bytes);
            if (last) {
                queue(inflate(binary.toByteArray()));
                binary.reset();
            }
            requestNext(webSocket);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            closeCode.complete(statusCode);
            return null;
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            closeCode.complete(-1);
        }

        private String inflate(byte[] compressed) {
            int n = compressed.length;
            if (n < 4 || compressed[n - 4] != 0 || compressed[n - 3] != 0 || compressed[n - 2] != (byte) 0xff
                    || compressed[n - 1] != (byte) 0xff) {
                throw new AssertionError("zlib-stream message does not end with a sync flush (00 00 ff ff)");
            }
            inflater.setInput(compressed);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            byte[] buffer = new byte[8192];
            try {
                int read;
                while ((read = inflater.inflate(buffer)) > 0) out.write(buffer, 0, read);
            } catch (DataFormatException e) {
                throw new AssertionError("bad zlib-stream data", e);
            }
            return out.toString(StandardCharsets.UTF_8);
        }

        private void queue(String json) {
            try {
                JsonNode message = Json.MAPPER.readTree(json);
                if (message.path("op").asInt(-1) == 10) heartbeatIntervalMs = message.path("d").path("heartbeat_interval").asLong();
                if (message.path("s").canConvertToLong()) lastSeq = message.path("s").asLong();
                messages.add(message);
            } catch (IOException e) {
                throw new UncheckedIOException("server sent invalid JSON: " + json, e);
            }
        }
    }
}
