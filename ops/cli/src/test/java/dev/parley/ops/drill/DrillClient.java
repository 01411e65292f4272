package dev.parley.ops.drill;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.schemas.json.Json;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A Gateway v10 client of the failover drills that behaves as a bot library does: HELLO, IDENTIFY, heartbeats on
 * schedule, and, when its connection drops (a killed gateway) or the gateway asks it to (op 7, op 9), a new
 * connection and IDENTIFY after {@link #RECONNECT_DELAY}, again and again, unless it was told to stay down. It
 * records what the drill measures: each MESSAGE_CREATE's id (how many times), each PRESENCE_UPDATE with its arrival,
 * and the intervals in which it had no READY session.
 */
final class DrillClient implements AutoCloseable {
    static final long INTENTS = 1 | 256 | 512 | 32768; // GUILDS, GUILD_PRESENCES, GUILD_MESSAGES, MESSAGE_CONTENT
    static final Duration RECONNECT_DELAY = Duration.ofMillis(250);
    private static final ScheduledExecutorService TIMERS = Executors.newScheduledThreadPool(1, r -> {
        Thread t = new Thread(r, "drill-client-timers");
        t.setDaemon(true);
        return t;
    });

    /** A PRESENCE_UPDATE: whose, the status, when it arrived. */
    record Presence(String userId, String status, long atNanos) {
    }

    /** A stretch without a READY session: from the drop (or the first connection) to the next READY (or 0: still down). */
    record Outage(long fromNanos, long toNanos) {
        boolean overlaps(long from, long to) {
            return fromNanos <= to && (toNanos == 0 || toNanos >= from);
        }

        /** {@code from-to} in ms after {@code originNanos} ({@code to} is {@code ...} while still down). */
        String describe(long originNanos) {
            return (fromNanos - originNanos) / 1_000_000 + "-" + (toNanos == 0 ? "..." : String.valueOf((toNanos - originNanos) / 1_000_000));
        }
    }

    private final String name;
    private final HttpClient http;
    private final URI uri;
    private final String token;
    private final boolean reconnect;
    private final Map<String, AtomicInteger> messages = new ConcurrentHashMap<>();
    private final Map<String, Set<String>> idsByContent = new ConcurrentHashMap<>();
    private final List<Presence> presences = new CopyOnWriteArrayList<>();
    private final List<Outage> outages = new CopyOnWriteArrayList<>();
    private volatile long downSince; // 0 while READY (and before the first connection)
    private volatile boolean closed;
    private volatile WebSocket socket;
    private volatile ScheduledFuture<?> heartbeats;
    private volatile String userId;
    private volatile long sequence = -1;
    /** The number of the latest {@link #open}; frames of any other connection are ignored. Guarded by this. */
    private int generation;
    private volatile CompletableFuture<Void> ready = new CompletableFuture<>();

    private DrillClient(String name, HttpClient http, URI uri, String token, boolean reconnect) {
        this.name = name;
        this.http = http;
        this.uri = uri;
        this.token = token;
        this.reconnect = reconnect;
    }

    /**
     * A client of {@code gatewayUrl} (e.g. {@code ws://127.0.0.1:8080}) that connects now; with {@code reconnect} it
     * comes back by itself after every drop, else it stays down until {@link #connectAgain()}.
     */
    static DrillClient connect(String name, HttpClient http, String gatewayUrl, String token, boolean reconnect) {
        DrillClient client = new DrillClient(name, http, URI.create(gatewayUrl + "/?v=10&encoding=json"), token, reconnect);
        client.open();
        return client;
    }

    /** Waits for the current connection's READY. */
    void awaitReady(Duration timeout) throws Exception {
        ready.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Connects again (a client that does not reconnect by itself, after its gateway came back). */
    void connectAgain() {
        if (socket == null && !ready.isDone()) open();
    }

    /** Drops its connection on purpose and opens a new one (through the balancer: perhaps to the other gateway). */
    void reconnectNow() {
        synchronized (this) {
            WebSocket s = socket;
            socket = null;
            if (heartbeats != null) heartbeats.cancel(false);
            if (downSince == 0) downSince = System.nanoTime();
            if (!ready.isDone()) ready.completeExceptionally(new IllegalStateException(name + " reconnected before READY"));
            ready = new CompletableFuture<>();
            if (s != null) { // a close frame with 1000 ends the session: no resumable session is left behind online
                try {
                    s.sendClose(WebSocket.NORMAL_CLOSURE, "moving").get(2, TimeUnit.SECONDS);
                } catch (Exception e) {
                    // closed anyway below
                }
                s.abort();
            }
        }
        open();
    }

    String name() {
        return name;
    }

    String userId() {
        return userId;
    }

    /** How many times each message id arrived. */
    Map<String, AtomicInteger> messages() {
        return messages;
    }

    /** The ids of the messages that arrived with each content (more than one: a post applied twice). */
    Map<String, Set<String>> idsByContent() {
        return idsByContent;
    }

    List<Presence> presences() {
        return presences;
    }

    List<Outage> outages() {
        return outages;
    }

    /**
     * Opens a connection that supersedes any other this client opened: a connection still opening, or still open,
     * from an earlier {@code open} is aborted and its frames ignored (two live sessions would deliver every message
     * twice).
     */
    private void open() {
        if (closed) return;
        int mine;
        synchronized (this) {
            mine = ++generation;
        }
        http.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(5)).buildAsync(uri, new Listener(mine))
                .whenComplete((ws, error) -> {
                    if (!current(mine)) {
                        if (ws != null) retire(ws);
                    } else if (error != null) {
                        dropped();
                    } else {
                        socket = ws;
                    }
                });
    }

    private synchronized boolean current(int connection) {
        return connection == generation;
    }

    /**
     * Ends a superseded connection's session: a close frame with 1000 (so no resumable session is left behind online
     * on its gateway, which would keep the user online after the other session's gateway dies), then the socket.
     */
    private static void retire(WebSocket ws) {
        if (ws.isOutputClosed()) {
            ws.abort();
            return;
        }
        try {
            ws.sendClose(WebSocket.NORMAL_CLOSURE, "superseded").orTimeout(2, TimeUnit.SECONDS)
                    .whenComplete((sent, error) -> ws.abort());
        } catch (RuntimeException e) {
            ws.abort();
        }
    }

    private synchronized void dropped() {
        WebSocket s = socket;
        socket = null;
        if (heartbeats != null) heartbeats.cancel(false);
        if (s != null) s.abort();
        if (downSince == 0) downSince = System.nanoTime();
        if (!ready.isDone()) ready.completeExceptionally(new IllegalStateException(name + " dropped before READY"));
        ready = new CompletableFuture<>();
        if (reconnect && !closed) TIMERS.schedule(this::open, RECONNECT_DELAY.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void onMessage(String text) {
        JsonNode frame;
        try {
            frame = Json.MAPPER.readTree(text);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        int op = frame.path("op").asInt();
        if (frame.hasNonNull("s")) sequence = frame.get("s").asLong();
        switch (op) {
            case 10 -> {
                long interval = frame.path("d").path("heartbeat_interval").asLong(41250);
                heartbeats = TIMERS.scheduleAtFixedRate(this::heartbeat, (long) (interval * Math.random()), interval, TimeUnit.MILLISECONDS);
                socket.sendText("{\"op\":2,\"d\":{\"token\":\"" + token + "\",\"intents\":" + INTENTS
                        + ",\"properties\":{\"os\":\"linux\",\"browser\":\"parley-drill\",\"device\":\"parley-drill\"}}}", true);
            }
            case 1 -> heartbeat();
            case 7, 9 -> dropped();
            case 0 -> dispatch(frame.path("t").asText(), frame.path("d"));
            default -> {
            }
        }
    }

    private void dispatch(String type, JsonNode d) {
        switch (type) {
            case "READY" -> {
                userId = d.path("user").path("id").asText();
                if (downSince != 0) outages.add(new Outage(downSince, System.nanoTime()));
                downSince = 0;
                ready.complete(null);
            }
            case "MESSAGE_CREATE" -> {
                String id = d.path("id").asText();
                messages.computeIfAbsent(id, i -> new AtomicInteger()).incrementAndGet();
                idsByContent.computeIfAbsent(d.path("content").asText(), c -> ConcurrentHashMap.newKeySet()).add(id);
            }
            case "PRESENCE_UPDATE" -> presences.add(new Presence(d.path("user").path("id").asText(), d.path("status").asText(), System.nanoTime()));
            default -> {
            }
        }
    }

    private void heartbeat() {
        WebSocket s = socket;
        if (s != null) s.sendText("{\"op\":1,\"d\":" + (sequence < 0 ? "null" : sequence) + "}", true);
    }

    /** Records an outage still open at the end of the drill, and closes. */
    @Override
    public void close() {
        closed = true;
        if (downSince != 0) outages.add(new Outage(downSince, 0));
        WebSocket s = socket;
        if (heartbeats != null) heartbeats.cancel(false);
        if (s != null) s.abort();
    }

    private final class Listener implements WebSocket.Listener {
        private final StringBuilder partial = new StringBuilder();
        private final int connection;

        Listener(int connection) {
            this.connection = connection;
        }

        @Override
        public void onOpen(WebSocket webSocket) {
            if (!current(connection)) {
                retire(webSocket);
                return;
            }
            socket = webSocket;
            webSocket.request(1);
        }

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            if (!current(connection)) { // superseded: this session must not deliver anything more
                retire(webSocket);
                return null;
            }
            partial.append(data);
            if (last) {
                String text = partial.toString();
                partial.setLength(0);
                try {
                    onMessage(text);
                } catch (RuntimeException e) {
                    dropped();
                }
            }
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            if (socket == webSocket) dropped();
            return null;
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            if (socket == webSocket) dropped();
        }
    }
}
