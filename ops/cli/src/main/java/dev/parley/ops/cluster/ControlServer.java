package dev.parley.ops.cluster;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.NoSuchElementException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The supervisor's control API, on {@link ClusterLayout#controlUrl()} (loopback only), for {@code ops/parley cluster
 * status|kill|start|stop} in another terminal. Every request must carry {@code Authorization: Bearer <token>}, the
 * token being the content of {@code <data>/control-token} (new on every start, 0600: whoever can read the data
 * directory controls the cluster); anything else is answered 401.
 *
 * <ul>
 *   <li>{@code GET /status}: {@link ClusterState} with every node's health (JSON);</li>
 *   <li>{@code POST /nodes/<name>/kill}: SIGKILL, answered once the process is gone; {@code POST /nodes/<name>/start}:
 *       started, answered at once (the node's health comes later); both answer the node's state, 404 for an
 *       unknown node;</li>
 *   <li>{@code POST /stop}: 202, then the whole cluster stops in order and the supervisor exits.</li>
 * </ul>
 */
final class ControlServer implements AutoCloseable {
    static final String TOKEN_FILE = "control-token";
    private static final Logger log = LoggerFactory.getLogger(ControlServer.class);

    private final HttpServer server;
    private final ExecutorService executor = Executors.newFixedThreadPool(2, runnable -> {
        Thread thread = new Thread(runnable, "parley-cluster-control");
        thread.setDaemon(true);
        return thread;
    });
    private final byte[] token;
    private final LocalCluster cluster;

    private ControlServer(LocalCluster cluster, HttpServer server, String token) {
        this.cluster = cluster;
        this.server = server;
        this.token = token.getBytes(StandardCharsets.UTF_8);
    }

    /** Writes a new token to {@code dataDir/control-token} and starts answering. */
    static ControlServer start(LocalCluster cluster, ClusterLayout layout, Path dataDir) {
        byte[] random = new byte[32];
        new SecureRandom().nextBytes(random);
        String token = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
        PrivateFiles.write(dataDir.resolve(TOKEN_FILE), token + "\n");
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress(layout.host(), layout.controlPort()), 16);
            ControlServer control = new ControlServer(cluster, server, token);
            server.createContext("/", control::handle);
            server.setExecutor(control.executor);
            server.start();
            return control;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot listen on " + layout.controlUrl() + " (control API): " + e.getMessage(), e);
        }
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String header = exchange.getRequestHeaders().getFirst("Authorization");
            byte[] given = header != null && header.startsWith("Bearer ")
                    ? header.substring(7).strip().getBytes(StandardCharsets.UTF_8) : new byte[0];
            if (!MessageDigest.isEqual(given, token)) {
                respond(exchange, 401, "{\"message\":\"the control token (" + TOKEN_FILE + ") is required\"}");
                return;
            }
            String method = exchange.getRequestMethod();
            String[] path = exchange.getRequestURI().getPath().replaceAll("^/+|/+$", "").split("/");
            if (method.equals("GET") && path.length == 1 && path[0].equals("status")) {
                respond(exchange, 200, cluster.status().toJson());
            } else if (method.equals("POST") && path.length == 1 && path[0].equals("stop")) {
                respond(exchange, 202, "{\"message\":\"stopping\"}");
                Thread stop = new Thread(cluster::close, "parley-cluster-stop");
                stop.start();
            } else if (method.equals("POST") && path.length == 3 && path[0].equals("nodes")
                    && (path[2].equals("kill") || path[2].equals("start"))) {
                ClusterNode node;
                try {
                    node = cluster.node(path[1]);
                } catch (NoSuchElementException e) {
                    respond(exchange, 404, "{\"message\":\"" + e.getMessage() + "\"}");
                    return;
                }
                log.info("control API: {} {}", path[2], node.name());
                if (path[2].equals("kill")) node.kill();
                else node.start();
                String state = cluster.stateWithoutHealth().node(node.name()).map(ClusterStateJson::of).orElse("{}");
                respond(exchange, 200, state);
            } else {
                respond(exchange, 404, "{\"message\":\"GET /status, POST /nodes/<name>/kill, POST /nodes/<name>/start, POST /stop\"}");
            }
        } catch (RuntimeException e) {
            log.warn("control API request failed", e);
            try {
                respond(exchange, 500, "{\"message\":\"" + String.valueOf(e.getMessage()).replace("\"", "'") + "\"}");
            } catch (IOException ignored) {
                // the client went away
            }
        }
    }

    private static void respond(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    /** One node's state as JSON. */
    private static final class ClusterStateJson {
        static String of(ClusterState.NodeState node) {
            try {
                return dev.parley.schemas.json.Json.MAPPER.writeValueAsString(node);
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
