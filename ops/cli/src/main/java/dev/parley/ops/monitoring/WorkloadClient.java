package dev.parley.ops.monitoring;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.schemas.json.Json;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * One Gateway v10 session of the dashboard check's workload, on the JDK's WebSocket client: HELLO, then IDENTIFY (or
 * RESUME of a given session), heartbeats on HELLO's schedule and at once when asked (op 1). It keeps the session id
 * and the last sequence number so that a later client can resume it. Thread-safe; the futures complete on the
 * WebSocket's threads.
 */
final class WorkloadClient implements AutoCloseable {
    private static final Duration TIMEOUT = Duration.ofSeconds(20);
    private static final long INTENTS = 1L | 1L << 9 | 1L << 15; // GUILDS, GUILD_MESSAGES, MESSAGE_CONTENT

    private final CompletableFuture<JsonNode> started = new CompletableFuture<>();
    private final CompletableFuture<Integer> closed = new CompletableFuture<>();
    private final ScheduledExecutorService timer;
    private final String token;
    private final String resumeSessionId;
    private final long resumeSequence;
    private volatile WebSocket socket;
    private CompletableFuture<?> outgoing = CompletableFuture.completedFuture(null);
    private volatile ScheduledFuture<?> heartbeats;
    private volatile String sessionId;
    private volatile long sequence;

    private WorkloadClient(ScheduledExecutorService timer, String token, String resumeSessionId, long resumeSequence) {
        this.timer = timer;
        this.token = token;
        this.resumeSessionId = resumeSessionId;
        this.resumeSequence = resumeSequence;
    }

    /** Connects to {@code base} (http or ws) and identifies; {@link #started()} completes with READY's {@code d}. */
    static WorkloadClient identify(HttpClient http, ScheduledExecutorService timer, URI base, String token) {
        return connect(http, timer, base, new WorkloadClient(timer, token, null, 0));
    }

    /** Connects and resumes {@code previous}'s session; {@link #started()} completes at RESUMED. */
    static WorkloadClient resume(HttpClient http, ScheduledExecutorService timer, URI base, WorkloadClient previous) {
        return connect(http, timer, base, new WorkloadClient(timer, previous.token, previous.sessionId, previous.sequence));
    }

    private static WorkloadClient connect(HttpClient http, ScheduledExecutorService timer, URI base, WorkloadClient client) {
        String scheme = base.getScheme().replace("http", "ws");
        URI uri = URI.create(scheme + "://" + base.getAuthority() + "/?v=10&encoding=json");
        http.newWebSocketBuilder().connectTimeout(TIMEOUT).buildAsync(uri, client.new Listener())
                .whenComplete((ws, error) -> {
                    if (error != null) client.started.completeExceptionally(error);
                });
        return client;
    }

    /** READY's (or RESUMED's) {@code d}, waited for at most 20 s. */
    JsonNode awaitStarted() {
        return started.orTimeout(TIMEOUT.toSeconds(), TimeUnit.SECONDS).join();
    }

    /** The close code the gateway sent, waited for at most 20 s. */
    int awaitClosed() {
        return closed.orTimeout(TIMEOUT.toSeconds(), TimeUnit.SECONDS).join();
    }

    /** Queues a text frame after those sent before it (the JDK's WebSocket takes one send at a time); never blocks. */
    synchronized CompletableFuture<?> send(String text) {
        WebSocket ws = socket;
        if (ws == null || ws.isOutputClosed()) return CompletableFuture.failedFuture(new IOException("not connected"));
        outgoing = outgoing.handle((done, error) -> null).thenCompose(x -> ws.sendText(text, true));
        return outgoing;
    }

    /** Drops the connection without a close frame, as a crashed client does: the session stays resumable. */
    void drop() {
        stopHeartbeats();
        WebSocket ws = socket;
        if (ws != null) ws.abort();
    }

    private void stopHeartbeats() {
        ScheduledFuture<?> current = heartbeats;
        if (current != null) current.cancel(false);
    }

    private CompletableFuture<?> heartbeat() {
        long s = sequence;
        return send("{\"op\":1,\"d\":" + (s == 0 ? "null" : Long.toString(s)) + "}");
    }

    private void onMessage(JsonNode message) {
        int op = message.path("op").asInt(-1);
        switch (op) {
            case 10 -> {
                long interval = message.path("d").path("heartbeat_interval").asLong(41_250);
                heartbeats = timer.scheduleAtFixedRate(this::heartbeatQuietly, interval, interval, TimeUnit.MILLISECONDS);
                if (resumeSessionId == null) {
                    send("{\"op\":2,\"d\":{\"token\":\"" + token + "\",\"intents\":" + INTENTS
                            + ",\"properties\":{\"os\":\"linux\",\"browser\":\"parley-dashboard-check\","
                            + "\"device\":\"parley-dashboard-check\"}}}");
                } else {
                    send("{\"op\":6,\"d\":{\"token\":\"" + token + "\",\"session_id\":\"" + resumeSessionId
                            + "\",\"seq\":" + resumeSequence + "}}");
                }
            }
            case 1 -> heartbeatQuietly();
            case 0 -> {
                if (message.hasNonNull("s")) sequence = message.get("s").asLong();
                String type = message.path("t").asText();
                if ("READY".equals(type)) {
                    sessionId = message.path("d").path("session_id").asText();
                    started.complete(message.path("d"));
                } else if ("RESUMED".equals(type)) {
                    sessionId = resumeSessionId;
                    started.complete(message.path("d"));
                }
            }
            case 9 -> started.completeExceptionally(new IllegalStateException("INVALID_SESSION"));
            default -> { } // 11 (ACK), 7 (RECONNECT: the close follows)
        }
    }

    private void heartbeatQuietly() {
        heartbeat().exceptionally(error -> {
            stopHeartbeats(); // the connection is gone; the close (or the abort) says why
            return null;
        });
    }

    @Override
    public void close() {
        stopHeartbeats();
        WebSocket ws = socket;
        if (ws != null && !ws.isOutputClosed()) {
            try {
                ws.sendClose(WebSocket.NORMAL_CLOSURE, "").orTimeout(5, TimeUnit.SECONDS).join();
            } catch (RuntimeException e) {
                ws.abort();
            }
        }
    }

    private final class Listener implements WebSocket.Listener {
        private final StringBuilder text = new StringBuilder();

        @Override
        public void onOpen(WebSocket webSocket) {
            socket = webSocket;
            webSocket.request(1);
        }

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            text.append(data);
            if (last) {
                String frame = text.toString();
                text.setLength(0);
                try {
                    onMessage(Json.MAPPER.readTree(frame));
                } catch (IOException | RuntimeException e) {
                    started.completeExceptionally(e);
                }
            }
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            stopHeartbeats();
            closed.complete(statusCode);
            started.completeExceptionally(new IllegalStateException("closed with " + statusCode + " " + reason));
            return null;
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            stopHeartbeats();
            closed.completeExceptionally(error);
            started.completeExceptionally(error);
        }
    }
}
