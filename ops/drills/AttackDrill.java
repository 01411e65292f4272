import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The attacks of issue 12, tried as a stranger and as ordinary users against a running {@code ops/parley stack}, each
 * checked to get its documented error while another user is still served. JDK only, run from the source file:
 *
 * <pre>ops/parley stack            # in another terminal, from the repository root
 * java ops/drills/AttackDrill.java [http://localhost:8080] [--slow]</pre>
 *
 * {@code --slow} adds the attacks that take a minute (a connection that never identifies, a trickled request). The
 * internal ports are the local stack's defaults (admin 8081, state query API 7070) on the gateway's host; the secret
 * files are looked for in {@code ./data}. Exit code 1 when any check fails.
 */
public final class AttackDrill {
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final Pattern FIELD = Pattern.compile("\"(id|token)\"\\s*:\\s*\"([^\"]+)\"");
    private static final List<String> failures = new ArrayList<>();
    private static String base;
    private static String host;

    public static void main(String[] args) throws Exception {
        base = args.length > 0 && !args[0].startsWith("--") ? args[0] : "http://localhost:8080";
        boolean slow = List.of(args).contains("--slow");
        host = URI.create(base).getHost();
        String run = Long.toString(System.currentTimeMillis() % 100_000_000, 36);
        String[] alice = register("drill_alice_" + run, false);
        String[] bob = register("drill_bob_" + run, true);
        String guild = send("POST", "/api/v10/guilds", "{\"name\":\"Drill " + run + "\"}", alice[1]).body();
        String guildId = field(guild, "id");
        String channel = field(guild.substring(guild.indexOf("\"channels\"")), "id");
        send("PUT", "/api/v10/guilds/" + guildId + "/members/@me", null, bob[1]);
        send("POST", "/api/v10/channels/" + channel + "/messages", "{\"content\":\"a private word\"}", alice[1]);

        System.out.println("Internal listeners, asked by a stranger:");
        check("state query API: a user's guilds", status(get("http://" + host + ":7070/users/" + alice[0] + "/guilds")) == 401);
        check("state query API: history with a made-up viewer", status(get("http://" + host + ":7070/guilds/" + guildId
                + "/channels/" + channel + "/messages?viewer=" + alice[0])) == 401);
        check("admin listener: /metrics", status(get("http://" + host + ":8081/metrics")) == 401);
        check("the members themselves still read the history", send("GET", "/api/v10/channels/" + channel + "/messages",
                null, alice[1]).statusCode() == 200);

        System.out.println("Sizes:");
        HttpResponse<String> padded = send("POST", "/api/v10/channels/" + channel + "/messages",
                "{\"content\":\"hi" + " ".repeat(60_000) + "\"}", bob[1]);
        check("content padded with 60,000 spaces: 400 naming content", padded.statusCode() == 400
                && padded.body().contains("\"content\""));
        HttpResponse<String> topic = send("POST", "/api/v10/guilds/" + guildId + "/channels",
                "{\"name\":\"x\",\"topic\":\"" + "t".repeat(1025) + "\"}", alice[1]);
        check("a 1025-character topic: 400 naming topic", topic.statusCode() == 400 && topic.body().contains("\"topic\""));
        int created = 0;
        HttpResponse<String> refused = null;
        for (int i = 0; i < 30 && refused == null; i++) {
            HttpResponse<String> answer = send("POST", "/api/v10/guilds/" + guildId + "/channels", "{\"name\":\"c" + i + "\"}", alice[1]);
            if (answer.statusCode() == 201) created++;
            else refused = answer;
        }
        check("a channel-creation flood is stopped (429 with retry_after) after " + created, refused != null
                && refused.statusCode() == 429 && refused.body().contains("retry_after"));
        check("meanwhile another user posts", send("POST", "/api/v10/channels/" + channel + "/messages",
                "{\"content\":\"still here\"}", bob[1]).statusCode() == 200);

        System.out.println("Rate limits:");
        HttpResponse<String> limited = null;
        for (int i = 0; i < 80 && limited == null; i++) {
            HttpResponse<String> answer = send("GET", "/api/v10/users/@me", null, bob[1]);
            if (answer.statusCode() == 429) limited = answer;
        }
        check("a REST flood: 429 with Discord's headers", limited != null && limited.headers().firstValue("x-ratelimit-scope").isPresent()
                && limited.headers().firstValue("retry-after").isPresent());
        check("meanwhile another user is served", send("GET", "/api/v10/users/@me", null, alice[1]).statusCode() == 200);

        System.out.println("Writes applied once:");
        String nonce = "{\"content\":\"once\",\"nonce\":\"drill-" + run + "\",\"enforce_nonce\":true}";
        String first = field(send("POST", "/api/v10/channels/" + channel + "/messages", nonce, alice[1]).body(), "id");
        String again = field(send("POST", "/api/v10/channels/" + channel + "/messages", nonce, alice[1]).body(), "id");
        check("a retried post with enforce_nonce is answered the first message", first != null && first.equals(again));

        System.out.println("Privileged intents:");
        String history = send("GET", "/api/v10/channels/" + channel + "/messages", null, bob[1]).body();
        boolean granted = history.contains("a private word");
        if (granted) System.out.println("  SKIP  a bot reads content without MESSAGE_CONTENT (this stack grants bots every intent)");
        else check("a bot without the MESSAGE_CONTENT grant reads others' messages without content", !history.contains("a private word"));
        try (Gateway session = Gateway.open(base, bob[1], 1)) {
            String create = session.await("GUILD_CREATE");
            check("GUILD_CREATE without GUILD_PRESENCES carries no presences", create.contains("\"presences\":[]"));
            session.send("{\"op\":8,\"d\":{\"guild_id\":\"" + guildId + "\",\"query\":\"\",\"limit\":0}}");
            check("op 8 for the whole guild without GUILD_MEMBERS: an empty chunk",
                    session.await("GUILD_MEMBERS_CHUNK").contains("\"members\":[]"));
        }
        try (Gateway session = Gateway.open(base, alice[1], 1 | 2)) {
            session.await("GUILD_CREATE");
            session.send("{\"op\":8,\"d\":{\"guild_id\":\"" + guildId + "\",\"query\":\"\",\"limit\":0,\"nonce\":\"a\"}}");
            session.await("GUILD_MEMBERS_CHUNK");
            session.send("{\"op\":8,\"d\":{\"guild_id\":\"" + guildId + "\",\"query\":\"\",\"limit\":0,\"nonce\":\"b\"}}");
            check("op 8 for the whole guild again at once: RATE_LIMITED", session.await("RATE_LIMITED").contains("retry_after"));
        }

        System.out.println("Tokens:");
        check("logout answers 204", send("POST", "/api/v10/auth/logout", "{}", bob[1]).statusCode() == 204);
        check("the logged-out token is refused (401)", eventuallyStatus("/api/v10/users/@me", bob[1], 401));
        check("other users' tokens still work", send("GET", "/api/v10/users/@me", null, alice[1]).statusCode() == 200);
        for (String secret : List.of("data/token-secret", "data/cluster-secret", "data/metrics-token")) {
            Path file = Path.of(secret);
            if (!Files.exists(file)) {
                System.out.println("  SKIP  " + secret + " (not in ./data: run from where the stack runs)");
            } else {
                check(secret + " is readable by its owner only", PosixFilePermissions.toString(Files.getPosixFilePermissions(file))
                        .equals("rw-------"));
            }
        }

        if (slow) {
            System.out.println("Slow attacks:");
            try (Gateway idle = Gateway.connect(base)) { // heartbeats keep it alive, but it never identifies
                var beats = java.util.concurrent.Executors.newSingleThreadScheduledExecutor();
                beats.scheduleAtFixedRate(() -> idle.sendQuietly("{\"op\":1,\"d\":null}"), 0, 20, TimeUnit.SECONDS);
                try {
                    check("a connection that heartbeats but never identifies is closed 4003",
                            idle.closeCode(Duration.ofSeconds(75)) == 4003);
                } finally {
                    beats.shutdownNow();
                }
            }
            check("a request whose headers trickle in is cut off", trickleIsCut());
            check("meanwhile a normal request is served", send("GET", "/api/v10/gateway", null, null).statusCode() == 200);
        }
        System.out.println(failures.isEmpty() ? "All checks passed." : failures.size() + " check(s) failed: " + failures);
        System.exit(failures.isEmpty() ? 0 : 1);
    }

    private static void check(String what, boolean passed) {
        System.out.println("  " + (passed ? "PASS" : "FAIL") + "  " + what);
        if (!passed) failures.add(what);
    }

    private static String[] register(String name, boolean bot) throws Exception {
        String body = send("POST", "/api/v10/auth/register", "{\"username\":\"" + name + "\",\"bot\":" + bot + "}", null).body();
        return new String[]{field(body.substring(body.indexOf("\"user\"")), "id"), field(body, "token")};
    }

    private static boolean eventuallyStatus(String path, String token, int status) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            if (send("GET", path, null, token).statusCode() == status) return true;
            Thread.sleep(250);
        }
        return false;
    }

    /** Sends a request line and then one header byte every 2 s: the gateway must drop the connection. */
    private static boolean trickleIsCut() throws Exception {
        int port = URI.create(base).getPort() == -1 ? 80 : URI.create(base).getPort();
        try (Socket socket = new Socket(host, port)) {
            socket.setSoTimeout(30_000);
            OutputStream out = socket.getOutputStream();
            InputStream in = socket.getInputStream();
            out.write(("GET /api/v10/gateway HTTP/1.1\r\nHost: " + host + "\r\nX-Slow: ").getBytes(StandardCharsets.US_ASCII));
            for (int i = 0; i < 40; i++) {
                Thread.sleep(2000);
                try {
                    out.write('a');
                    out.flush();
                } catch (java.io.IOException closed) {
                    return true;
                }
                if (in.available() > 0 && in.read() == -1) return true;
            }
            return false;
        }
    }

    private static HttpResponse<String> get(String url) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static int status(HttpResponse<String> response) {
        return response.statusCode();
    }

    private static HttpResponse<String> send(String method, String path, String body, String token) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(20))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) request.header("Content-Type", "application/json");
        if (token != null) request.header("Authorization", "Bot " + token);
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String field(String json, String name) {
        Matcher m = FIELD.matcher(json);
        while (m.find()) if (m.group(1).equals(name)) return m.group(2);
        return null;
    }

    /** A Gateway v10 session over the JDK's WebSocket client: dispatches by type, and the close code. */
    private static final class Gateway implements WebSocket.Listener, AutoCloseable {
        private final LinkedBlockingQueue<String> frames = new LinkedBlockingQueue<>();
        private final CompletableFuture<Integer> closed = new CompletableFuture<>();
        private final StringBuilder partial = new StringBuilder();
        private WebSocket socket;

        static Gateway connect(String base) {
            Gateway gateway = new Gateway();
            gateway.socket = HTTP.newWebSocketBuilder().buildAsync(URI.create(base.replaceFirst("^http", "ws")
                    + "/?v=10&encoding=json"), gateway).join();
            return gateway;
        }

        static Gateway open(String base, String token, long intents) throws Exception {
            Gateway gateway = connect(base);
            gateway.send("{\"op\":2,\"d\":{\"token\":\"" + token + "\",\"intents\":" + intents
                    + ",\"properties\":{\"os\":\"linux\",\"browser\":\"drill\",\"device\":\"drill\"}}}");
            gateway.await("READY");
            return gateway;
        }

        void send(String text) {
            socket.sendText(text, true).join();
        }

        /** As {@link #send}, ignoring a closed socket. */
        void sendQuietly(String text) {
            try {
                send(text);
            } catch (RuntimeException closed) {
                // the server closed it
            }
        }

        /** The next dispatch of type {@code t} within 15 s (others are skipped). */
        String await(String t) throws Exception {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
            while (System.nanoTime() < deadline) {
                String frame = frames.poll(200, TimeUnit.MILLISECONDS);
                if (frame != null && frame.contains("\"t\":\"" + t + "\"")) return frame;
            }
            throw new IllegalStateException("no " + t + " within 15 s");
        }

        int closeCode(Duration within) throws Exception {
            return closed.get(within.toMillis(), TimeUnit.MILLISECONDS);
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
            closed.complete(statusCode);
            return null;
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            closed.complete(-1);
        }

        @Override
        public void close() {
            socket.abort();
        }
    }
}
