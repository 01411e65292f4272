package dev.parley.streams.query;

import dev.parley.schemas.cluster.ClusterCredential;
import dev.parley.schemas.query.StateQueryApi;
import dev.parley.streams.StreamsApp;
import dev.parley.streams.StreamsSettings;
import dev.parley.streams.metrics.StreamsMetrics;
import io.undertow.Handlers;
import io.undertow.Undertow;
import io.undertow.server.RoutingHandler;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.state.HostInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The state query API of one streams process ({@link StateQueryApi}): answers reads of its apps' stores, and
 * forwards a read whose key lives on another instance to that instance (found with
 * {@code queryMetadataForKey}). Bound before the apps are built, because each app advertises its address as
 * {@code application.server}; until {@link #serve} registers the apps, every read answers 503.
 *
 * <p>Internal: every request, {@code /metrics} and forwarded reads included, must carry the cluster credential
 * ({@link ClusterAuthHandler}, 401 otherwise), but for {@code /metrics}, which also takes the metrics token; it binds
 * a non-loopback address only when a secret is configured.
 */
public final class StateQueryServer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(StateQueryServer.class);

    private final Undertow undertow;
    private final HostInfo self;
    private final Map<String, KafkaStreams> byStore;
    private final MetricsHolder metrics;

    private StateQueryServer(Undertow undertow, HostInfo self, Map<String, KafkaStreams> byStore, MetricsHolder metrics) {
        this.metrics = metrics;
        this.undertow = undertow;
        this.self = self;
        this.byStore = byStore;
    }

    /**
     * @param bindHost       address to listen on ({@code streams.query-host})
     * @param port           port, or 0 for a free one
     * @param advertisedHost the host name others reach this process by
     * @param credential     what every request must carry, and what forwarded requests carry
     * @throws IllegalArgumentException when {@code bindHost} is not loopback and {@code credential} has no secret
     */
    public static StateQueryServer start(String bindHost, int port, String advertisedHost, ClusterCredential credential) {
        return start(bindHost, port, advertisedHost, credential, ClusterCredential.none());
    }

    /**
     * As {@link #start(String, int, String, ClusterCredential)}, with {@code scraping} also opening {@code /metrics}
     * (and nothing else).
     *
     * @param scraping the metrics token ({@code cluster.metrics-token}), or {@link ClusterCredential#none()}
     */
    public static StateQueryServer start(String bindHost, int port, String advertisedHost, ClusterCredential credential,
                                         ClusterCredential scraping) {
        credential.requireFor(bindHost, StreamsSettings.QUERY_HOST.key());
        Map<String, KafkaStreams> byStore = new ConcurrentHashMap<>();
        HostHolder holder = new HostHolder();
        KeyRouter router = new KeyRouter(byStore::get, holder::get, credential);
        RoutingHandler routes = Handlers.routing()
                .setFallbackHandler(exchange -> Answers.error(exchange, 404, "no such query: " + exchange.getRequestPath()));
        MetricsHolder metrics = new MetricsHolder();
        routes.get("/metrics", metrics::serve);
        routes.get(StateQueryApi.INSTANCES, exchange -> Answers.send(exchange, 200, instances(byStore)));
        UserQueries.register(routes, router);
        GuildQueries.register(routes, router);
        Undertow undertow = Undertow.builder().addHttpListener(port, bindHost)
                .setHandler(new ClusterAuthHandler(credential, scraping, routes)).build();
        undertow.start();
        int bound = ((InetSocketAddress) undertow.getListenerInfo().get(0).getAddress()).getPort();
        HostInfo self = new HostInfo(advertisedHost, bound);
        holder.set(self);
        log.info("state query API on port {} (advertised as {}:{})", bound, self.host(), self.port());
        return new StateQueryServer(undertow, self, byStore, metrics);
    }

    /**
     * Every instance of this deployment's apps that serves a state query API, as the apps' consumer groups know them:
     * {@code {"instances": ["http://host:port", ...]}}, for gateways to find them all from one.
     */
    private static Map<String, Object> instances(Map<String, KafkaStreams> byStore) {
        java.util.Set<String> urls = new java.util.TreeSet<>();
        for (KafkaStreams streams : new java.util.HashSet<>(byStore.values())) {
            try {
                for (var client : streams.metadataForAllStreamsClients()) {
                    HostInfo host = client.hostInfo();
                    if (host != null && host.port() > 0) urls.add("http://" + host.host() + ":" + host.port());
                }
            } catch (RuntimeException notRunning) {
                // an app not running yet knows no instance
            }
        }
        return Map.of("instances", List.copyOf(urls));
    }

    /** {@code host:port} for {@code application.server}. */
    public String applicationServer() {
        return self.host() + ":" + self.port();
    }

    /** The URL gateways call. */
    public String url() {
        return "http://" + self.host() + ":" + self.port();
    }

    /** Starts answering reads of these apps' stores, and {@code GET /metrics} with their metrics. */
    public void serve(List<StreamsApp> apps) {
        for (StreamsApp app : apps) {
            for (String store : app.storeNames()) byStore.put(store, app.streams());
        }
        metrics.set(new StreamsMetrics(apps));
    }

    @Override
    public void close() {
        undertow.stop();
        metrics.close();
    }

    /** {@code GET /metrics}: 503 until the apps are served. */
    private static final class MetricsHolder {
        private volatile StreamsMetrics metrics;

        void set(StreamsMetrics metrics) {
            StreamsMetrics old = this.metrics;
            this.metrics = metrics;
            if (old != null) old.close();
        }

        void serve(io.undertow.server.HttpServerExchange exchange) {
            if (exchange.isInIoThread()) {
                exchange.dispatch(() -> serve(exchange)); // scraping takes a while
                return;
            }
            StreamsMetrics current = metrics;
            if (current == null) {
                Answers.error(exchange, 503, "no streams app served yet");
                return;
            }
            exchange.getResponseHeaders().put(io.undertow.util.Headers.CONTENT_TYPE, "text/plain; version=0.0.4; charset=utf-8");
            exchange.getResponseSender().send(current.scrape(), java.nio.charset.StandardCharsets.UTF_8);
        }

        void close() {
            StreamsMetrics current = metrics;
            if (current != null) current.close();
        }
    }

    /** This server's address, known once bound. */
    private static final class HostHolder {
        private volatile HostInfo host;

        HostInfo get() {
            return host;
        }

        void set(HostInfo host) {
            this.host = host;
        }
    }
}
