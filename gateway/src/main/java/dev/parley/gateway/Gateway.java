package dev.parley.gateway;

import dev.parley.gateway.state.GatewayLiveness;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.ExecutionException;
import dev.parley.gateway.admin.AdminServer;
import dev.parley.gateway.admin.UserAdmin;
import dev.parley.gateway.metrics.GatewayMetrics;
import dev.parley.config.Settings;
import dev.parley.gateway.auth.AuthSettings;
import dev.parley.gateway.auth.IntentGrants;
import dev.parley.gateway.auth.TokenGenerations;
import dev.parley.gateway.auth.Tokens;
import dev.parley.gateway.fanout.Fanout;
import dev.parley.gateway.http.HealthCheck;
import dev.parley.gateway.http.KafkaHealthCheck;
import dev.parley.gateway.http.PublicListener;
import dev.parley.gateway.ratelimit.WindowSweeper;
import dev.parley.gateway.session.Admission;
import dev.parley.gateway.session.AdmissionSettings;
import dev.parley.gateway.session.Connections;
import dev.parley.gateway.session.GatewayContext;
import dev.parley.gateway.session.SessionLifecycle;
import dev.parley.gateway.session.SessionLimits;
import dev.parley.gateway.fanout.FanoutBrake;
import dev.parley.gateway.session.SessionRegistry;
import dev.parley.gateway.session.StartGate;
import dev.parley.gateway.rest.IdMinter;
import dev.parley.gateway.state.CommandBus;
import dev.parley.gateway.state.StateClient;
import dev.parley.gateway.state.StateDiscovery;
import dev.parley.gateway.state.StateEndpoints;
import dev.parley.gateway.state.TopicProducer;
import dev.parley.schemas.cluster.ClusterCredential;
import dev.parley.schemas.ids.Snowflake;
import dev.parley.schemas.KafkaClients;
import org.apache.kafka.clients.admin.Admin;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

/**
 * One gateway node: the Discord Gateway v10 WebSocket endpoint and the REST API on one Undertow listener, with
 * the Kafka clients behind them.
 *
 * <p>{@link #start} returns once the listener accepts connections. {@link #close} drains: every session's final
 * checkpoint is written and its delivery stops, then every session is sent RECONNECT and given
 * {@code gateway.drain-timeout} to leave (its client can resume it on another gateway, missing nothing), then the
 * listener stops.
 * Thread-safe.
 */
public final class Gateway implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Gateway.class);

    private final String id;
    private final PublicListener listener;
    private final GatewayContext context;
    private final List<AutoCloseable> resources;
    private final AtomicBoolean open;
    private final int port;
    private final String publicUrl;
    private final SessionLifecycle lifecycle;
    private final LivenessBeacon beacon;
    private final int adminPort;

    private Gateway(String id, PublicListener listener, GatewayContext context, List<AutoCloseable> resources,
                    AtomicBoolean open, int port, String publicUrl, SessionLifecycle lifecycle, LivenessBeacon beacon,
                    int adminPort) {
        this.adminPort = adminPort;
        this.lifecycle = lifecycle;
        this.beacon = beacon;
        this.id = id;
        this.listener = listener;
        this.context = context;
        this.resources = resources;
        this.open = open;
        this.port = port;
        this.publicUrl = publicUrl;
    }

    /**
     * Starts a gateway.
     *
     * @param kafka       Kafka bootstrap servers
     * @param topicPrefix the deployment's topic prefix
     * @param moreChecks  further parts {@code /healthz} waits for (e.g. the local stack's streams apps)
     * @throws IllegalArgumentException when a setting is missing or invalid (e.g. no {@code auth.token-secret},
     *                                  {@code gateway.admin.host} not loopback without {@code cluster.secret}, a
     *                                  {@code gateway.admin.token} under 16 bytes, or {@code gateway.proxy-protocol}
     *                                  without {@code gateway.proxy-protocol.trusted-sources})
     */
    public static Gateway start(Settings settings, String kafka, String topicPrefix, List<HealthCheck> moreChecks) {
        String secret = settings.get(AuthSettings.TOKEN_SECRET);
        if (secret.isBlank()) throw new IllegalArgumentException("auth.token-secret is required (16+ bytes)");
        ClusterCredential cluster = ClusterCredential.from(settings);
        cluster.requireFor(settings.get(GatewaySettings.ADMIN_HOST), GatewaySettings.ADMIN_HOST.key());
        ClusterCredential.metrics(settings); // refused at start when too short
        AdminServer.checkToken(settings.get(GatewaySettings.ADMIN_TOKEN));
        String id = settings.get(GatewaySettings.ID).isBlank()
                ? "gw-" + UUID.randomUUID().toString().substring(0, 8) : settings.get(GatewaySettings.ID);
        List<AutoCloseable> resources = new ArrayList<>();
        try {
            return assemble(settings, KafkaClients.from(kafka, settings), topicPrefix, moreChecks, secret, cluster, id, resources);
        } catch (RuntimeException e) {
            closeAll(resources);
            throw e;
        }
    }

    private static Gateway assemble(Settings settings, KafkaClients kafka, String topicPrefix, List<HealthCheck> moreChecks,
                                    String secret, ClusterCredential cluster, String id, List<AutoCloseable> resources) {
        long startedAt = System.currentTimeMillis(); // before any session can start: they all start after it
        int workerId = settings.get(GatewaySettings.WORKER_ID);
        if (workerId < 0 || workerId > Snowflake.MAX_GATEWAY_WORKER) {
            throw new IllegalArgumentException("gateway.worker-id must be 0-" + Snowflake.MAX_GATEWAY_WORKER + ": " + workerId);
        }
        Duration liveness = settings.get(GatewaySettings.LIVENESS_INTERVAL);
        WorkerIdCheck.ensureFree(kafka, topicPrefix, id, workerId, liveness.multipliedBy(4).plusSeconds(1));
        Admin admin = Admin.create(kafka.config());
        resources.add(admin);
        TopicProducer producer = new TopicProducer(kafka, topicPrefix, id);
        resources.add(producer);
        CommandBus commands = new CommandBus(kafka, topicPrefix, id, producer, settings.get(GatewaySettings.COMMAND_TIMEOUT),
                settings.get(GatewaySettings.COMMAND_REPLY_GRACE));
        resources.add(0, commands);
        List<String> stateUrls = Arrays.stream(settings.get(GatewaySettings.STATE_QUERY_URLS).split(","))
                .map(String::strip).filter(s -> !s.isEmpty()).toList();
        StateEndpoints endpoints = new StateEndpoints(stateUrls);
        StateClient state = new StateClient(endpoints::current, new StateClient.Bounds(settings.get(GatewaySettings.STATE_TIMEOUT),
                settings.get(GatewaySettings.STATE_DEADLINE), settings.get(GatewaySettings.STATE_MAX_QUEUED)), cluster);
        resources.add(state);
        Duration discovery = settings.get(GatewaySettings.STATE_DISCOVERY_INTERVAL);
        if (!discovery.isZero()) resources.add(0, new StateDiscovery(state, endpoints, discovery));
        Tokens tokens = new Tokens(secret);
        TokenGenerations generations = new TokenGenerations(state::tokenGeneration,
                settings.get(AuthSettings.TOKEN_CACHE_TTL), settings.get(AuthSettings.TOKEN_CACHE_ENTRIES), System::nanoTime);
        SessionLimits limits = SessionLimits.from(settings);
        SessionLifecycle lifecycle = new SessionLifecycle(producer, id);
        GatewayMetrics metrics = new GatewayMetrics(id);
        resources.add(metrics);
        SessionRegistry registry = new SessionRegistry(limits, lifecycle, metrics);
        resources.add(0, registry);
        // checkpoints and the fan-out journal have a producer of their own: while a broker's partitions move, the records queued for them
        // must not hold up the liveness heartbeats and the commands behind them (seen in the broker-kill drill)
        TopicProducer checkpointProducer = new TopicProducer(kafka, topicPrefix, id + "-checkpoints");
        resources.add(checkpointProducer);
        Fanout fanout = new Fanout(kafka, topicPrefix, id, startedAt, state,
                metrics, new FanoutBrake(metrics::awaitingIoBytes, settings.get(GatewaySettings.FANOUT_PAUSE_BYTES)),
                settings.get(GatewaySettings.FANOUT_REPLAY_WINDOW), settings.get(GatewaySettings.FANOUT_TASK_TIMEOUT),
                checkpointProducer, settings.get(GatewaySettings.SESSION_CHECKPOINT_INTERVAL),
                settings.get(GatewaySettings.SESSION_CHECKPOINT_REFRESH), settings.get(GatewaySettings.REBUILD_MAX_DISPATCHES),
                (userId, generation) -> {
                    generations.forget(userId);
                    registry.endRevoked(userId, generation);
                });
        resources.add(0, fanout);
        registry.onEnd(fanout::detach);
        AtomicReference<String> url = new AtomicReference<>("");
        Connections connections = new Connections();
        metrics.watch(registry::size, connections::size, fanout::paused);
        AdminServer adminServer = AdminServer.start(settings.get(GatewaySettings.ADMIN_HOST),
                settings.get(GatewaySettings.ADMIN_PORT), settings.get(GatewaySettings.ADMIN_TOKEN), cluster,
                ClusterCredential.metrics(settings), metrics, registry, fanout,
                new UserAdmin(commands, state, tokens, generations));
        resources.add(0, adminServer);
        WindowSweeper windows = new WindowSweeper(WindowSweeper.EVERY, System::currentTimeMillis);
        resources.add(windows);
        GatewayLiveness peers = new GatewayLiveness(kafka, topicPrefix, id + "-liveness-reader");
        resources.add(0, peers);
        GatewayContext context = new GatewayContext(limits, tokens, generations, IntentGrants.from(settings), state,
                registry, fanout, url::get, connections,
                new StartGate(settings.get(GatewaySettings.STARTS_CONCURRENCY), settings.get(GatewaySettings.STARTS_MAX_WAITING)),
                metrics, Admission.from(settings, windows.table(AdmissionSettings.WHOLE_GUILD_REQUEST_WINDOWS.key(),
                        settings.get(AdmissionSettings.WHOLE_GUILD_REQUEST_WINDOWS))), id, startedAt, peers,
                settings.get(GatewaySettings.HOLDER_TIMEOUT));
        AtomicBoolean open = new AtomicBoolean(false);
        List<HealthCheck> checks = new ArrayList<>();
        checks.add(new KafkaHealthCheck(admin));
        checks.addAll(moreChecks);
        checks.add(new GatewayHealthCheck(open));
        checks.add(new FanoutHealthCheck(fanout, metrics));
        Routes routes = new Routes(settings, context, commands, new IdMinter(workerId), checks, windows);
        PublicListener listener = PublicListener.start(settings, settings.get(GatewaySettings.HOST),
                settings.get(GatewaySettings.PORT), settings.get(GatewaySettings.IO_THREADS), routes.build(),
                () -> metrics.refused("proxy_untrusted"));
        int port = listener.port();
        String configured = settings.get(GatewaySettings.PUBLIC_URL);
        url.set(configured.isBlank() ? "ws://localhost:" + port : configured);
        LivenessBeacon beacon = new LivenessBeacon(producer, id, workerId, startedAt, settings.get(GatewaySettings.LIVENESS_INTERVAL));
        resources.add(resources.indexOf(producer), beacon);
        open.set(true);
        log.info("gateway {} listening on port {} ({}); admin and /metrics on port {}", id, port, url.get(),
                adminServer.port());
        return new Gateway(id, listener, context, resources, open, port, url.get(), lifecycle, beacon, adminServer.port());
    }

    public String id() {
        return id;
    }

    /** The port the listener is bound to (useful when configured as 0). */
    public int port() {
        return port;
    }

    /** The port of the admin listener ({@code /metrics}, {@code /admin}). */
    public int adminPort() {
        return adminPort;
    }

    /** The WebSocket URL clients are given. */
    public String publicUrl() {
        return publicUrl;
    }

    /** The gateway's metrics (also served at {@code /metrics} on the admin port). */
    public GatewayMetrics metrics() {
        return context.metrics();
    }

    /** The live sessions, for introspection and tests. */
    public SessionRegistry sessions() {
        return context.registry();
    }

    @Override
    public void close() {
        if (!open.compareAndSet(true, false)) return;
        try {
            context.fanout().handOff().get(context.limits().drainTimeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            log.warn("gateway {}: final session checkpoints not all written: {}", id, e.toString());
        }
        context.connections().drain(context.limits().drainTimeout());
        listener.close();
        lifecycle.silence(); // the sessions were handed off: resumable elsewhere, not ended
        context.registry().endAll("gateway-stopped");
        closeAll(resources);
        log.info("gateway {} stopped", id);
    }

    /**
     * Stops as a killed process would: no RECONNECT, no session ends published, no last heartbeat; sockets are
     * dropped. For failure tests and drills; the presence app must notice on its own.
     */
    public void halt() {
        if (!open.compareAndSet(true, false)) return;
        beacon.halt();
        lifecycle.silence();
        context.fanout().keepCheckpoints();
        context.connections().abortAll();
        listener.close();
        context.registry().endAll("halted");
        closeAll(resources.stream().filter(r -> r != beacon).toList());
        log.info("gateway {} halted", id);
    }

    private static void closeAll(List<AutoCloseable> resources) {
        for (AutoCloseable resource : resources) {
            try {
                resource.close();
            } catch (Exception e) {
                log.warn("closing {} failed: {}", resource.getClass().getSimpleName(), e.getMessage());
            }
        }
    }

    /** Up while the fan-out consumer thread runs. */
    private record FanoutHealthCheck(Fanout fanout, GatewayMetrics metrics) implements HealthCheck {
        @Override
        public String name() {
            return "fanout";
        }

        @Override
        public Status check() {
            if (!fanout.alive()) return Status.down("consumer thread stopped");
            return Status.up((fanout.paused() ? "paused: I/O threads behind " : "consuming ") + metrics.regulation());
        }
    }

    /** Up while the listener accepts sessions; down once draining begins. */
    private record GatewayHealthCheck(AtomicBoolean open) implements HealthCheck {
        @Override
        public String name() {
            return "gateway";
        }

        @Override
        public Status check() {
            return open.get() ? Status.up("listening") : Status.down("stopped");
        }
    }
}
