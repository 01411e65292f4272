package dev.parley.ops;

import dev.parley.config.Settings;
import dev.parley.gateway.http.HealthCheck;
import dev.parley.schemas.KafkaClients;
import dev.parley.schemas.cluster.ClusterCredential;
import dev.parley.streams.PeerWatch;
import dev.parley.streams.StreamsApp;
import dev.parley.streams.StreamsAppContext;
import dev.parley.streams.StreamsGroups;
import dev.parley.streams.StreamsApps;
import dev.parley.streams.StreamsSettings;
import dev.parley.streams.query.StateQueryServer;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.streams.state.HostInfo;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/** Every streams app of this process, started, with the state query API serving their stores. */
final class StreamsProcess implements AutoCloseable {
    private final StateQueryServer queries;
    private final List<StreamsApp> apps;
    private final PeerWatch peers;

    private StreamsProcess(StateQueryServer queries, List<StreamsApp> apps, PeerWatch peers) {
        this.queries = queries;
        this.apps = apps;
        this.peers = peers;
    }

    /**
     * @throws IllegalArgumentException when the state query API would bind a non-loopback address without
     *                                  {@code cluster.secret}
     */
    static StreamsProcess start(Settings settings, String bootstrap, String prefix, Path stateDir) {
        StateQueryServer queries = StateQueryServer.start(settings.get(StreamsSettings.QUERY_HOST),
                settings.get(StreamsSettings.QUERY_PORT), StreamsSettings.advertisedHost(settings),
                ClusterCredential.from(settings), ClusterCredential.metrics(settings));
        List<StreamsApp> apps = new ArrayList<>();
        try {
            StreamsAppContext context = new StreamsAppContext(bootstrap, prefix, stateDir, settings, queries.applicationServer());
            apps.addAll(StreamsApps.create(context));
            StreamsGroups.configure(context.kafka(), apps.stream().map(a -> context.applicationId(a.name())).toList(), settings);
            queries.serve(apps); // before starting: an app's start may open its local stores for a while
            startTogether(apps);
            return new StreamsProcess(queries, List.copyOf(apps), watchPeers(settings, context.kafka(), apps, queries));
        } catch (RuntimeException e) {
            apps.forEach(StreamsApp::close);
            queries.close();
            throw e;
        }
    }

    /**
     * Starts every app at once, each on its own thread, and returns when all have started. Starting an app opens the
     * local stores of the tasks its state directory holds (seconds each, after a crash left many), so one after the
     * other a revived process took the sum of its apps' starts to serve again.
     */
    private static void startTogether(List<StreamsApp> apps) {
        ExecutorService starters = Executors.newFixedThreadPool(Math.max(1, apps.size()), r -> new Thread(r, "streams-app-start"));
        try {
            List<CompletableFuture<Void>> starts = apps.stream()
                    .map(app -> CompletableFuture.runAsync(app::start, starters)).toList();
            CompletableFuture.allOf(starts.toArray(CompletableFuture[]::new)).join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException cause) throw cause;
            throw e;
        } finally {
            starters.shutdown();
        }
    }

    /** A {@link PeerWatch} when it applies: static membership, the classic protocol, a check interval; else null. */
    private static PeerWatch watchPeers(Settings settings, KafkaClients kafka, List<StreamsApp> apps, StateQueryServer queries) {
        Duration interval = settings.get(StreamsSettings.PEER_CHECK_INTERVAL);
        if (interval.isZero() || settings.get(StreamsSettings.INSTANCE_ID).isBlank()
                || !"classic".equalsIgnoreCase(settings.get(StreamsSettings.GROUP_PROTOCOL))) return null;
        return new PeerWatch(apps, HostInfo.buildFromEndpoint(queries.applicationServer()),
                Admin.create(kafka.config()), interval,
                settings.get(StreamsSettings.PEER_CHECK_REFUSALS));
    }

    /** The state query API's URL, for gateways. */
    String queryUrl() {
        return queries.url();
    }

    List<HealthCheck> healthChecks() {
        return apps.stream().<HealthCheck>map(StreamsAppHealthCheck::new).toList();
    }

    @Override
    public void close() {
        if (peers != null) peers.close();
        queries.close();
        apps.forEach(StreamsApp::close);
    }
}
