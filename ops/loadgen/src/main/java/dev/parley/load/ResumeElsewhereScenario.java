package dev.parley.load;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parley.schemas.json.Json;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * RESUME on another gateway, end to end, through a cluster's balancer: a session, its gateway (the holder) stopped by
 * a command of the caller's (given the user's id in {@code PARLEY_LOAD_USER_ID}: it finds the holder and kills it,
 * typically), {@code N} messages posted to the session's guild meanwhile, then the client's RESUME, which the
 * balancer can only take to another gateway: the time until the first missed dispatch and until RESUMED, and whether
 * every missed message came once, in order, with consecutive {@code s}. The posts and the resume start
 * {@code --settle} seconds after the stop, so that the balancer has seen the holder go and the resuming gateway's wait
 * for the holder's silence ({@code gateway.holder-timeout}) is over: what is timed is the rebuild and the replay. The
 * holder is started again by the second command (which returns once it is healthy) before the next round.
 */
@Command(name = "resume-elsewhere", mixinStandardHelpOptions = true,
        description = "A session that missed N messages resumes on another gateway after its own was stopped: "
                + "time to the first missed dispatch and to RESUMED.")
final class ResumeElsewhereScenario implements java.util.concurrent.Callable<Integer> {
    private static final long INTENTS = 1 | 512 | 32768; // GUILDS, GUILD_MESSAGES, MESSAGE_CONTENT
    private static final Duration DISPATCH_TIMEOUT = Duration.ofSeconds(120);

    @Option(names = "--api", defaultValue = "http://localhost:8080", description = "REST base URL (the balancer).")
    String api;

    @Option(names = "--gateway", defaultValue = "ws://localhost:8080/?v=10&encoding=json",
            description = "WebSocket URL (the balancer).")
    URI gateway;

    @Option(names = "--stop-holder", required = true,
            description = "Shell command that stops the gateway holding the session of user $PARLEY_LOAD_USER_ID.")
    String stopHolder;

    @Option(names = "--start-holder", required = true,
            description = "Shell command that starts it again, returning once it is healthy.")
    String startHolder;

    @Option(names = "--missed", split = ",", defaultValue = "10,1000,10000", description = "Messages missed, per round.")
    List<Integer> missed;

    @Option(names = "--repeat", defaultValue = "3", description = "Rounds per number of missed messages.")
    int repeat;

    @Option(names = "--settle", defaultValue = "4", description = "Seconds from the stop to the posts and the RESUME.")
    int settle;

    @Option(names = "--rest-concurrency", defaultValue = "32", description = "Posts in flight.")
    int restConcurrency;

    @Option(names = "--out", defaultValue = "load-results", description = "Directory for the JSON results.")
    Path out;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    /** Nonces are this run's prefix and a count (Discord's nonces are at most 25 characters). */
    private final String nonces = Long.toString(System.currentTimeMillis(), 36);
    private final java.util.concurrent.atomic.AtomicLong posts = new java.util.concurrent.atomic.AtomicLong();

    @Override
    public Integer call() throws Exception {
        Api rest = new Api(api, restConcurrency);
        String run = "r" + Long.toString(System.currentTimeMillis() % 1_000_000, 36);
        Api.Account user = rest.register(run + "_", 1, true).get(0);
        long channel = rest.createGuild(user, "Resume " + run)[1];
        List<ObjectNode> rounds = new ArrayList<>();
        boolean allExact = true;
        for (int n : missed) {
            for (int round = 0; round < repeat; round++) {
                ObjectNode result = round(rest, user, channel, n, run + "-" + n + "-" + round);
                System.out.println(result);
                rounds.add(result);
                allExact &= result.get("exact").asBoolean();
            }
        }
        Files.createDirectories(out);
        ObjectNode report = Json.MAPPER.createObjectNode();
        report.put("scenario", "resume-elsewhere");
        report.put("settle_seconds", settle);
        report.putArray("rounds").addAll(rounds);
        Files.writeString(out.resolve("resume-elsewhere.json"), Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(report));
        return allExact ? 0 : 1;
    }

    private ObjectNode round(Api rest, Api.Account user, long channel, int n, String tag) throws Exception {
        String sessionId;
        long seq;
        try (Socket held = Socket.open(http, gateway)) {
            held.expectOp(10);
            held.send("{\"op\":2,\"d\":{\"token\":\"" + user.token() + "\",\"intents\":" + INTENTS
                    + ",\"properties\":{\"os\":\"linux\",\"browser\":\"parley-load\",\"device\":\"parley-load\"}}}");
            sessionId = held.awaitDispatch("READY").get("d").get("session_id").asText();
            held.awaitDispatch("GUILD_CREATE");
            post(rest, user, channel, tag + "-before").join();
            seq = held.awaitDispatch("MESSAGE_CREATE").get("s").asLong();
            shell(stopHolder, user);
        }
        LockSupport.parkNanos(TimeUnit.SECONDS.toNanos(settle));
        long stopped = System.nanoTime();
        Set<String> posted = new HashSet<>();
        List<CompletableFuture<JsonNode>> posts = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            String content = tag + "-missed-" + i;
            posted.add(content);
            posts.add(post(rest, user, channel, content));
        }
        posts.forEach(CompletableFuture::join);
        long postedMillis = (System.nanoTime() - stopped) / 1_000_000;

        ObjectNode result = Json.MAPPER.createObjectNode();
        result.put("missed", n);
        result.put("posting_ms", postedMillis);
        try (Socket again = Socket.open(http, gateway)) {
            again.expectOp(10);
            long sent = System.nanoTime();
            again.send("{\"op\":6,\"d\":{\"token\":\"" + user.token() + "\",\"session_id\":\"" + sessionId
                    + "\",\"seq\":" + seq + "}}");
            long expected = seq;
            boolean consecutive = true;
            long firstAt = -1;
            Set<String> received = new HashSet<>();
            while (true) {
                JsonNode frame = again.next();
                if (frame.get("op").asInt() == 9) {
                    result.put("outcome", "INVALID_SESSION");
                    break;
                }
                if (frame.get("op").asInt() != 0) continue;
                consecutive &= frame.get("s").asLong() == ++expected;
                String type = frame.get("t").asText();
                if (type.equals("RESUMED")) {
                    result.put("outcome", "RESUMED");
                    result.put("resumed_ms", (System.nanoTime() - sent) / 1e6);
                    break;
                }
                if (firstAt < 0) firstAt = System.nanoTime();
                if (type.equals("MESSAGE_CREATE")) received.add(frame.get("d").get("content").asText());
            }
            result.put("first_dispatch_ms", firstAt < 0 ? -1 : (firstAt - sent) / 1e6);
            result.put("received", received.size());
            result.put("consecutive_s", consecutive);
            result.put("exact", consecutive && received.equals(posted) && result.get("outcome").asText().equals("RESUMED"));
        }
        shell(startHolder, user);
        return result;
    }

    /** Posts with a nonce of its own and {@code enforce_nonce}: a retried post is never applied twice. */
    private CompletableFuture<JsonNode> post(Api rest, Api.Account user, long channel, String content) {
        return rest.call("POST", "/api/v10/channels/" + channel + "/messages", "{\"content\":\"" + content
                + "\",\"nonce\":\"" + nonces + "-" + posts.incrementAndGet() + "\",\"enforce_nonce\":true}",
                user.token());
    }

    private static void shell(String command, Api.Account user) throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder("sh", "-c", command).inheritIO();
        builder.environment().put("PARLEY_LOAD_USER_ID", Long.toString(user.id()));
        Process process = builder.start();
        if (process.waitFor() != 0) throw new IllegalStateException("'" + command + "' exited " + process.exitValue());
    }

    /** One client connection, read frame by frame. */
    private static final class Socket implements WebSocket.Listener, AutoCloseable {
        private final BlockingQueue<String> frames = new LinkedBlockingQueue<>();
        private final StringBuilder partial = new StringBuilder();
        private WebSocket socket;

        static Socket open(HttpClient http, URI uri) {
            Socket listener = new Socket();
            listener.socket = http.newWebSocketBuilder().buildAsync(uri, listener).join();
            return listener;
        }

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                frames.add(partial.toString());
                partial.setLength(0);
            }
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            frames.add("{\"op\":-1,\"close\":" + statusCode + "}");
            return null;
        }

        void send(String text) {
            socket.sendText(text, true).join();
        }

        JsonNode next() throws InterruptedException {
            String frame = frames.poll(DISPATCH_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            if (frame == null) throw new IllegalStateException("nothing received within " + DISPATCH_TIMEOUT);
            try {
                JsonNode node = Json.MAPPER.readTree(frame);
                if (node.get("op").asInt() == -1) throw new IllegalStateException("closed " + node.get("close"));
                return node;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        void expectOp(int op) throws InterruptedException {
            JsonNode frame = next();
            if (frame.get("op").asInt() != op) throw new IllegalStateException("expected op " + op + ": " + frame);
        }

        JsonNode awaitDispatch(String type) throws InterruptedException {
            while (true) {
                JsonNode frame = next();
                if (frame.get("op").asInt() == 0 && frame.get("t").asText().equals(type)) return frame;
            }
        }

        @Override
        public void close() {
            socket.abort();
        }
    }
}
