package dev.parley.gateway.admin;

import dev.parley.gateway.fanout.Fanout;
import dev.parley.gateway.http.JsonResponses;
import dev.parley.gateway.http.PathParameters;
import dev.parley.gateway.metrics.GatewayMetrics;
import dev.parley.gateway.session.GatewaySession;
import dev.parley.gateway.session.SessionRegistry;
import dev.parley.gateway.session.SessionView;
import dev.parley.schemas.cluster.ClusterCredential;
import io.undertow.Handlers;
import io.undertow.Undertow;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.server.RoutingHandler;
import io.undertow.util.Headers;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Comparator;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * The gateway's admin listener, on its own port (loopback by default): {@code GET /metrics} (Prometheus text format)
 * for the metrics token ({@code cluster.metrics-token}, which opens nothing else), the cluster credential or the
 * admin token, and, with {@code Authorization: Bearer <gateway.admin.token>},
 * live session introspection and the user endpoints of {@link UserAdmin}:
 * <ul>
 *   <li>{@code GET /admin/sessions[?user_id=&limit=]}: sessions, most queued bytes first (at most {@code limit},
 *       default {@value #DEFAULT_LIMIT}, at most {@value #MAX_LIMIT});</li>
 *   <li>{@code GET /admin/sessions/{id}}: one session and its guilds;</li>
 *   <li>{@code DELETE /admin/sessions/{id}}: closes its connection with 4000 (the client resumes), or with
 *       {@code ?end=true} ends the session (the client gets INVALID_SESSION and identifies again);</li>
 *   <li>{@code POST /admin/users/{id}/revoke-tokens} and {@code POST /admin/users/{id}/tokens}.</li>
 * </ul>
 * Errors are JSON {@code {"code", "message"}}: 401 without the credential or token, 404 for an unknown session or
 * when the admin token is not configured, 400 for a bad parameter. {@code /metrics} is open only when none of the
 * three is configured, which {@link ClusterCredential#requireFor} allows on loopback only.
 */
public final class AdminServer implements AutoCloseable {
    static final int DEFAULT_LIMIT = 100;
    static final int MAX_LIMIT = 20_000;
    /** The shortest admin token accepted, in UTF-8 bytes: it can mint a working token for any user. */
    public static final int MIN_TOKEN_BYTES = 16;

    private final Undertow undertow;
    private final int port;

    private AdminServer(Undertow undertow) {
        this.undertow = undertow;
        this.port = ((InetSocketAddress) undertow.getListenerInfo().get(0).getAddress()).getPort();
    }

    /**
     * Checks {@code gateway.admin.token} before anything starts.
     *
     * @throws IllegalArgumentException when it is set (not blank) but shorter than {@value #MIN_TOKEN_BYTES} bytes
     */
    public static void checkToken(String token) {
        if (!token.isBlank() && token.getBytes(StandardCharsets.UTF_8).length < MIN_TOKEN_BYTES) {
            throw new IllegalArgumentException("gateway.admin.token must be at least " + MIN_TOKEN_BYTES + " bytes long "
                    + "(it can mint a token for any user), or empty to turn /admin off");
        }
    }

    /**
     * @param host       address to bind ({@code gateway.admin.host})
     * @param token      {@code gateway.admin.token}; empty turns {@code /admin} off ({@link #checkToken})
     * @param credential the cluster credential, which {@code /metrics} also answers; bind a non-loopback
     *                   {@code host} only with a secret ({@link ClusterCredential#requireFor})
     * @param scraping   the metrics token, which opens {@code /metrics} only, or {@link ClusterCredential#none()}
     */
    public static AdminServer start(String host, int port, String token, ClusterCredential credential,
                                    ClusterCredential scraping, GatewayMetrics metrics, SessionRegistry registry,
                                    Fanout fanout, UserAdmin users) {
        checkToken(token);
        Sessions sessions = new Sessions(registry, fanout);
        RoutingHandler routes = Handlers.routing(false) // path parameters only in the PathTemplateMatch
                .get("/metrics", scrapers(token, credential, scraping, exchange -> {
                    if (exchange.isInIoThread()) {
                        exchange.dispatch(() -> serveMetrics(exchange, metrics)); // scraping takes a while
                        return;
                    }
                    serveMetrics(exchange, metrics);
                }))
                .get("/admin/sessions", guarded(token, sessions::list))
                .get("/admin/sessions/{id}", guarded(token, sessions::show))
                .delete("/admin/sessions/{id}", guarded(token, sessions::close))
                .post("/admin/users/{id}/revoke-tokens", guarded(token, users::revokeTokens))
                .post("/admin/users/{id}/tokens", guarded(token, users::mintToken))
                .setFallbackHandler(exchange -> JsonResponses.error(exchange, 404, 0, "404: Not Found"));
        Undertow undertow = Undertow.builder().addHttpListener(port, host).setIoThreads(1).setWorkerThreads(2)
                .setHandler(routes).build();
        try {
            undertow.start();
        } catch (RuntimeException e) {
            throw new IllegalStateException("cannot listen on " + host + ":" + port + " (gateway.admin.port): "
                    + e.getMessage(), e);
        }
        return new AdminServer(undertow);
    }

    /** The port the admin listener is bound to. */
    public int port() {
        return port;
    }

    private static void serveMetrics(HttpServerExchange exchange, GatewayMetrics metrics) {
        exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, "text/plain; version=0.0.4; charset=utf-8");
        exchange.getResponseSender().send(metrics.scrape(), StandardCharsets.UTF_8);
    }

    /**
     * {@code handler} for Prometheus: the metrics token, the cluster credential or the admin token, else 401 (open
     * when none is set).
     */
    private static HttpHandler scrapers(String token, ClusterCredential credential, ClusterCredential scraping,
                                        HttpHandler handler) {
        byte[] admin = ("Bearer " + token).getBytes(StandardCharsets.UTF_8);
        boolean open = !credential.configured() && !scraping.configured() && token.isBlank();
        return exchange -> {
            String given = exchange.getRequestHeaders().getFirst(Headers.AUTHORIZATION);
            boolean adminToken = !token.isBlank() && given != null
                    && MessageDigest.isEqual(admin, given.getBytes(StandardCharsets.UTF_8));
            if (!open && !adminToken && !scraping.matches(given) && !credential.matches(given)) {
                JsonResponses.error(exchange, 401, 0, "401: Unauthorized");
                return;
            }
            handler.handleRequest(exchange);
        };
    }

    private static HttpHandler guarded(String token, HttpHandler handler) {
        byte[] expected = ("Bearer " + token).getBytes(StandardCharsets.UTF_8);
        return exchange -> {
            if (token.isBlank()) {
                JsonResponses.error(exchange, 404, 0, "the admin API is off: set gateway.admin.token");
                return;
            }
            String given = exchange.getRequestHeaders().getFirst(Headers.AUTHORIZATION);
            if (given == null || !MessageDigest.isEqual(expected, given.getBytes(StandardCharsets.UTF_8))) {
                JsonResponses.error(exchange, 401, 0, "401: Unauthorized");
                return;
            }
            handler.handleRequest(exchange);
        };
    }

    @Override
    public void close() {
        undertow.stop();
    }

    /** The session endpoints. */
    private record Sessions(SessionRegistry registry, Fanout fanout) {
        void list(HttpServerExchange exchange) {
            Long userId;
            int limit;
            String user = query(exchange, "user_id");
            try {
                userId = user == null ? null : Long.parseUnsignedLong(user);
            } catch (NumberFormatException e) {
                JsonResponses.invalidField(exchange, "user_id", "user_id must be a snowflake, got '" + user + "'");
                return;
            }
            String limitText = query(exchange, "limit");
            try {
                limit = limitText == null ? DEFAULT_LIMIT : Integer.parseInt(limitText);
                if (limit < 1 || limit > MAX_LIMIT) throw new NumberFormatException();
            } catch (NumberFormatException e) {
                JsonResponses.invalidField(exchange, "limit", "limit must be 1-" + MAX_LIMIT + ", got '" + limitText + "'");
                return;
            }
            var candidates = userId == null ? registry.all() : registry.sessionsOf(userId);
            List<SessionView> views = candidates.stream().map(this::view)
                    .sorted(Comparator.comparingLong(SessionView::queueBytes).reversed()
                            .thenComparing(SessionView::sessionId))
                    .limit(limit).toList();
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("total", candidates.size());
            body.put("sessions", views);
            JsonResponses.send(exchange, 200, body);
        }

        void show(HttpServerExchange exchange) {
            GatewaySession session = find(exchange);
            if (session == null) return;
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("session", view(session));
            body.put("guild_ids", new TreeSet<>(fanout.guildsOf(session)).stream().map(Long::toUnsignedString).toList());
            JsonResponses.send(exchange, 200, body);
        }

        void close(HttpServerExchange exchange) {
            GatewaySession session = find(exchange);
            if (session == null) return;
            boolean end = "true".equals(query(exchange, "end"));
            if (end) {
                registry.endByOperator(session);
            } else if (!session.disconnect("closed by an operator; resume")) {
                JsonResponses.error(exchange, 409, 0, "the session has no connection; end it with ?end=true");
                return;
            }
            exchange.setStatusCode(204);
            exchange.endExchange();
        }

        private GatewaySession find(HttpServerExchange exchange) {
            String id = PathParameters.get(exchange, "id");
            GatewaySession session = registry.find(id);
            if (session == null) JsonResponses.error(exchange, 404, 0, "no live session " + id);
            return session;
        }

        private SessionView view(GatewaySession session) {
            return session.view(fanout.guildsOf(session).size());
        }

        private static String query(HttpServerExchange exchange, String name) {
            Deque<String> values = exchange.getQueryParameters().get(name);
            return values == null || values.isEmpty() ? null : values.getFirst();
        }
    }
}
