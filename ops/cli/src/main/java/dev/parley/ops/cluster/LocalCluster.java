package dev.parley.ops.cluster;

import dev.parley.config.Settings;
import dev.parley.ops.ParleyCommand;
import dev.parley.ops.Provisioning;
import dev.parley.ops.cluster.ClusterNode.Health;
import dev.parley.ops.cluster.ClusterNode.Role;
import dev.parley.schemas.KafkaSettings;
import org.apache.kafka.common.Uuid;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * A real multi-process Parley deployment on this machine, and its supervisor: three KRaft controllers (the metadata
 * quorum, static voters), three brokers, two streams processes (every app, a standby of every task on the other), two
 * gateways, and HAProxy in front of the gateways, each its own OS process on the ports of a {@link ClusterLayout}.
 * {@code ops/parley cluster} is a thin shell over it; the failover drills use it directly:
 *
 * <pre>{@code
 * try (LocalCluster cluster = LocalCluster.start(ClusterLayout.onFreePorts(), dataDir)) {
 *     ClusterNode broker = cluster.node("broker-1");
 *     broker.kill();                                 // SIGKILL, returns once the process is gone
 *     // ... traffic through cluster.publicUrl() / cluster.gatewayUrl() ...
 *     broker.start();                                // same configuration, same data
 *     broker.awaitHealthy(Duration.ofSeconds(60));
 * }                                                  // close(): everything stopped, in order
 * }</pre>
 *
 * <h2>Data directory</h2>
 * Everything lives under {@code dataDir} and survives restarts: the shared secrets ({@code token-secret},
 * {@code cluster-secret}, {@code metrics-token}, {@code admin-token}, 0600, generated once), the Kafka cluster id
 * ({@code cluster-id}), one directory per node ({@code controller-1/server.properties} and
 * {@code controller-1/kafka-logs}, the same for {@code broker-1}, formatted once; {@code streams-1/streams.properties}
 * and its stores; {@code gateway-1/gateway.properties}; {@code balancer/haproxy.cfg}), the nodes' logs ({@code logs/<node>.log}, appended), {@code cluster.json} (the
 * nodes, their ports, PIDs and commands, rewritten whenever one starts or stops) and {@code control-token} (0600, new
 * on every start) for the control API ({@link ControlServer}) on {@link ClusterLayout#controlUrl()}.
 *
 * <h2>Start and stop</h2>
 * {@link #start} formats the controllers' and brokers' storage when it is new, starts them together, waits until
 * the quorum has a leader every controller follows and every broker is in the cluster, creates the topics
 * (replication factor 3, {@code min.insync.replicas=2}), then starts the streams processes, gateways and balancer
 * together and waits until every node is healthy (see {@link ClusterNode#health()} and {@link HealthChecks} for what
 * that means per role), and has stayed so for {@code local-cluster.settle-time} without a break (the streams apps
 * rebalance a few times after their first RUNNING). {@link #close()} stops in order: balancer, gateways (they drain:
 * RECONNECT), streams processes, brokers one by one (each hands its partitions over), controllers; each node gets
 * SIGTERM and {@code local-cluster.stop-grace}, then SIGKILL. A JVM shutdown hook closes the cluster too, and every
 * node stops by itself when the supervisor's process is gone ({@link NodeMain}, {@code setpriv --pdeathsig}), so no
 * child outlives it.
 *
 * <h2>Health, per role</h2>
 * A controller is healthy when it is a voter of the quorum and caught up with its leader; a broker when its client
 * port answers, the cluster's metadata lists it and it is in the ISR of every partition it holds (a restarted broker
 * has caught up); a streams process when its state query API answers {@code /metrics} 200 (all its apps RUNNING); a
 * gateway when {@code /healthz} answers 200 (ready); the balancer when its statistics answer.
 *
 * <p>Nodes' settings: each streams process and gateway reads only its generated file (the layout's node settings, then
 * its own ports, ids and the secrets); {@code PARLEY_*} environment variables are not passed on to the nodes.
 * Thread-safe.
 */
public final class LocalCluster implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(LocalCluster.class);
    static final String CLUSTER_ID_FILE = "cluster-id";
    static final String LOGS_DIR = "logs";

    private final ClusterLayout layout;
    private final Path dataDir;
    private final ClusterSecrets secrets;
    private final Map<String, ClusterNode> nodes = new LinkedHashMap<>();
    private final ExecutorService launcher = Executors.newSingleThreadExecutor(daemon("parley-cluster-launcher"));
    private final ExecutorService checks = Executors.newCachedThreadPool(daemon("parley-cluster-health"));
    private final HealthChecks health;
    private final String startedAt = Instant.now().toString();
    private final CountDownLatch closed = new CountDownLatch(1);
    private final Thread shutdownHook = new Thread(this::close, "parley-cluster-shutdown");
    private volatile boolean closing;
    private ControlServer control;
    private Duration startupTime;

    private LocalCluster(ClusterLayout layout, Path dataDir) {
        this.layout = layout;
        this.dataDir = dataDir.toAbsolutePath();
        this.secrets = ClusterSecrets.ensure(this.dataDir);
        this.health = new HealthChecks(layout);
    }

    /**
     * Starts the cluster laid out by {@code layout}, with its data in {@code dataDir} (created if missing, reused if
     * there), and returns once every node is healthy.
     *
     * @throws IllegalStateException when HAProxy is missing (the message says how to install it), a cluster already
     *                               runs from {@code dataDir}, or a node is not healthy within
     *                               {@code local-cluster.start-timeout} (the message names it and its log); whatever
     *                               was started is stopped first
     * @throws UncheckedIOException  when the data directory cannot be written
     */
    public static LocalCluster start(ClusterLayout layout, Path dataDir) {
        requireHaproxy(layout.haproxy());
        refuseSecondSupervisor(dataDir.toAbsolutePath());
        dev.parley.ops.ClusterOptions.quietConnectionWarnings(); // the health checks' admin client, while brokers are down
        long began = System.nanoTime();
        LocalCluster cluster = new LocalCluster(layout, dataDir);
        try {
            Runtime.getRuntime().addShutdownHook(cluster.shutdownHook);
            cluster.prepare();
            cluster.startAll(began);
            cluster.startupTime = Duration.ofNanos(System.nanoTime() - began);
            log.info("cluster up in {} s", cluster.startupTime.toMillis() / 1000.0);
            return cluster;
        } catch (RuntimeException | Error e) {
            cluster.close();
            throw e;
        }
    }

    /** @throws IllegalStateException with the line to install HAProxy, when {@code haproxy} is not an executable */
    static void requireHaproxy(Path haproxy) {
        if (!Files.isExecutable(haproxy)) {
            throw new IllegalStateException("HAProxy not found at " + haproxy + ": install it with "
                    + "'apt-get install haproxy' (Debian, Ubuntu), or set local-cluster.haproxy to its path");
        }
    }

    private static void refuseSecondSupervisor(Path dataDir) {
        try {
            ClusterState.read(dataDir).ifPresent(state -> {
                if (state.supervisorPid() != ProcessHandle.current().pid()
                        && ProcessHandle.of(state.supervisorPid()).map(ProcessHandle::isAlive).orElse(false)) {
                    throw new IllegalStateException("a cluster already runs from " + dataDir + " (supervisor PID "
                            + state.supervisorPid() + "): 'ops/parley cluster stop' stops it");
                }
            });
        } catch (IllegalArgumentException e) {
            // an unreadable old cluster.json: it is rewritten
        }
    }

    private void prepare() {
        try {
            Files.createDirectories(dataDir.resolve(LOGS_DIR));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + dataDir, e);
        }
        String clusterId = clusterId();
        refuseCombinedLayout();
        for (ClusterLayout.Controller controller : layout.controllers()) {
            Path dir = dataDir.resolve(controller.name());
            Path logDir = KafkaNodeConfig.logDir(dir);
            Path config = writeKafkaConfig(dir, "Kafka controller " + controller.name(),
                    KafkaNodeConfig.controller(layout, controller, logDir), logDir, clusterId);
            add(controller.name(), Role.CONTROLLER, orderedPorts("quorum", controller.port()),
                    javaCommand(dir, "kafka.Kafka", config.toString()), dir, () -> health.controller(controller));
        }
        for (ClusterLayout.Broker broker : layout.brokers()) {
            Path dir = dataDir.resolve(broker.name());
            Path logDir = KafkaNodeConfig.logDir(dir);
            Path config = writeKafkaConfig(dir, "Kafka broker " + broker.name(), KafkaNodeConfig.broker(layout, broker, logDir),
                    logDir, clusterId);
            add(broker.name(), Role.BROKER, orderedPorts("client", broker.port()),
                    javaCommand(dir, "kafka.Kafka", config.toString()), dir, () -> health.broker(broker));
        }
        for (ClusterLayout.Streams streams : layout.streams()) {
            Path dir = dataDir.resolve(streams.name());
            Path config = dir.resolve("streams.properties");
            PrivateFiles.write(config, PrivateFiles.properties("streams process " + streams.name()
                    + " of ops/parley cluster; rewritten on every start", NodeConfigs.streams(layout, streams, dir, secrets)));
            add(streams.name(), Role.STREAMS, orderedPorts("query", streams.queryPort()),
                    javaCommand(dir, ParleyCommand.class.getName(), "streams", "--config", config.toString()), dir,
                    () -> health.streams(streams, secrets.metricsToken()));
        }
        for (ClusterLayout.Gateway gateway : layout.gateways()) {
            Path dir = dataDir.resolve(gateway.name());
            Path config = dir.resolve("gateway.properties");
            PrivateFiles.write(config, PrivateFiles.properties("gateway " + gateway.name()
                    + " of ops/parley cluster; rewritten on every start", NodeConfigs.gateway(layout, gateway, dir, secrets)));
            add(gateway.name(), Role.GATEWAY, orderedPorts("public", gateway.port(), "admin", gateway.adminPort()),
                    javaCommand(dir, ParleyCommand.class.getName(), "gateway", "--config", config.toString()), dir,
                    () -> health.gateway(gateway));
        }
        ClusterLayout.Balancer balancer = layout.balancer();
        Path dir = dataDir.resolve(balancer.name());
        Path config = dir.resolve("haproxy.cfg");
        PrivateFiles.write(config, HaproxyConfig.render(layout));
        List<String> command = new ArrayList<>(parentDeathSignal());
        command.addAll(List.of(layout.haproxy().toString(), "-db", "-f", config.toString()));
        add(balancer.name(), Role.BALANCER, orderedPorts("public", balancer.port(), "stats", balancer.statsPort()), command, dir,
                () -> health.balancer(layout));
        control = ControlServer.start(this, layout, dataDir);
        writeState();
    }

    /** Writes a Kafka node's {@code server.properties} in {@code dir}, formats {@code logDir} if new; the file's path. */
    private Path writeKafkaConfig(Path dir, String what, Map<String, String> properties, Path logDir, String clusterId) {
        Path config = dir.resolve("server.properties");
        PrivateFiles.write(config, PrivateFiles.properties(what + " of ops/parley cluster; rewritten on every start", properties));
        if (KafkaNodeConfig.formatOnce(config, logDir, clusterId)) log.info("formatted {} for cluster {}", logDir, clusterId);
        return config;
    }

    /**
     * @throws IllegalStateException when the data directory holds brokers formatted before the cluster had controllers
     *                               of its own (they were brokers and controllers in one): that metadata quorum cannot
     *                               move to new controllers
     */
    private void refuseCombinedLayout() {
        boolean brokersFormatted = layout.brokers().stream()
                .anyMatch(b -> KafkaNodeConfig.isFormatted(KafkaNodeConfig.logDir(dataDir.resolve(b.name()))));
        boolean controllersFormatted = layout.controllers().stream()
                .anyMatch(c -> KafkaNodeConfig.isFormatted(KafkaNodeConfig.logDir(dataDir.resolve(c.name()))));
        if (brokersFormatted && !controllersFormatted) {
            throw new IllegalStateException(dataDir + " holds a cluster of an older layout (brokers that were controllers "
                    + "too, before " + layout.controllers().get(0).name() + " existed); its metadata cannot move to the new "
                    + "controllers: remove the directory, or start with another --data");
        }
    }

    private void startAll(long began) {
        Duration timeout = layout.startTimeout();
        List<ClusterNode> kafka = nodes(n -> n.role() == Role.CONTROLLER || n.role() == Role.BROKER);
        kafka.forEach(ClusterNode::start);
        awaitHealthy(kafka, remaining(began, timeout));
        log.info("controllers and brokers healthy at {} s", secondsSince(began));
        Provisioning.ensureTopics(layout.bootstrapServers(), topicPrefix());
        log.info("topics ready at {} s", secondsSince(began));
        List<ClusterNode> rest = nodes(n -> n.role() != Role.CONTROLLER && n.role() != Role.BROKER);
        rest.forEach(ClusterNode::start);
        awaitHealthy(rest, remaining(began, timeout));
        log.info("streams processes, gateways and balancer healthy at {} s", secondsSince(began));
        awaitSettled(began, timeout);
    }

    private static double secondsSince(long began) {
        return (System.nanoTime() - began) / 1_000_000 / 1000.0;
    }

    /**
     * Waits until every node has been healthy at every check for {@code local-cluster.settle-time} without a break:
     * the streams apps rebalance a few times after their first RUNNING, as both processes join and standbys are
     * placed.
     */
    private void awaitSettled(long began, Duration timeout) {
        long settle = layout.settleTime().toNanos();
        long healthySince = System.nanoTime();
        while (System.nanoTime() - healthySince < settle) {
            List<String> down = status().nodes().stream().filter(n -> !Boolean.TRUE.equals(n.healthy()))
                    .map(n -> n.name() + " (" + n.detail() + ")").toList();
            if (!down.isEmpty()) {
                healthySince = System.nanoTime();
                if (remaining(began, timeout).isNegative()) {
                    throw new IllegalStateException("the cluster did not settle within " + timeout + ": " + String.join(", ", down));
                }
                for (ClusterNode node : nodes.values()) {
                    if (!node.alive()) throw new IllegalStateException(node.name() + " exited; see " + node.logFile());
                }
            }
            try {
                Thread.sleep(250);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted", e);
            }
        }
    }

    private static Duration remaining(long began, Duration timeout) {
        return timeout.minusNanos(System.nanoTime() - began);
    }

    /** Waits for every one of {@code which}; fails as soon as one fails (exits, or is not healthy in time). */
    private void awaitHealthy(List<ClusterNode> which, Duration timeout) {
        CompletableFuture<Void> failed = new CompletableFuture<>();
        List<CompletableFuture<Void>> waits = which.stream()
                .map(n -> CompletableFuture.runAsync(() -> n.awaitHealthy(timeout), checks)
                        .whenComplete((ok, error) -> {
                            if (error != null) failed.completeExceptionally(error);
                        })).toList();
        CompletableFuture<Void> all = CompletableFuture.allOf(waits.toArray(CompletableFuture[]::new));
        try {
            CompletableFuture.anyOf(all, failed).join();
        } catch (java.util.concurrent.CompletionException e) {
            if (e.getCause() instanceof RuntimeException r) throw r;
            throw e;
        }
    }

    private String clusterId() {
        Path file = dataDir.resolve(CLUSTER_ID_FILE);
        try {
            if (Files.isRegularFile(file)) return Files.readString(file).strip();
            String id = Uuid.randomUuid().toString();
            PrivateFiles.write(file, id + "\n");
            return id;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    private void add(String name, Role role, Map<String, Integer> ports, List<String> command, Path dir,
                     java.util.function.Supplier<Health> check) {
        nodes.put(name, new ClusterNode(name, role, ports, command, Map.of(), dir, dataDir.resolve(LOGS_DIR).resolve(name + ".log"),
                check, launcher, layout.stopGrace(), this::writeState));
    }

    private List<String> javaCommand(Path dir, String mainClass, String... args) {
        List<String> command = new ArrayList<>(parentDeathSignal());
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(layout.javaOptions());
        command.add("-Dparley.cluster.node=" + dir.getFileName());
        command.add("-cp");
        command.add(Stream.of(System.getProperty("java.class.path").split(File.pathSeparator))
                .filter(s -> !s.isEmpty()).map(s -> Path.of(s).toAbsolutePath().toString())
                .collect(Collectors.joining(File.pathSeparator)));
        command.add(NodeMain.class.getName());
        command.add(String.valueOf(ProcessHandle.current().pid()));
        command.add(mainClass);
        command.addAll(List.of(args));
        return command;
    }

    /** {@code setpriv --pdeathsig TERM} where util-linux's setpriv exists: the node gets SIGTERM when the supervisor dies. */
    private static List<String> parentDeathSignal() {
        for (String candidate : List.of("/usr/bin/setpriv", "/bin/setpriv")) {
            if (Files.isExecutable(Path.of(candidate))) return List.of(candidate, "--pdeathsig", "TERM");
        }
        return List.of();
    }

    private static Map<String, Integer> orderedPorts(Object... namesAndPorts) {
        Map<String, Integer> ports = new LinkedHashMap<>();
        for (int i = 0; i < namesAndPorts.length; i += 2) ports.put((String) namesAndPorts[i], (Integer) namesAndPorts[i + 1]);
        return ports;
    }

    private List<ClusterNode> nodes(Predicate<ClusterNode> which) {
        return nodes.values().stream().filter(which).toList();
    }

    /** The layout it runs. */
    public ClusterLayout layout() {
        return layout;
    }

    /** Its data directory (absolute). */
    public Path dataDir() {
        return dataDir;
    }

    /** How long {@link #start} took until every node was healthy. */
    public Duration startupTime() {
        return startupTime;
    }

    /**
     * Every node, in start order: {@code controller-1..3}, {@code broker-1..3}, {@code streams-1..2},
     * {@code gateway-1..2}, {@code balancer}.
     */
    public List<ClusterNode> nodes() {
        return List.copyOf(nodes.values());
    }

    /**
     * The node called {@code name}.
     *
     * @throws NoSuchElementException when there is none (the message lists the names)
     */
    public ClusterNode node(String name) {
        ClusterNode node = nodes.get(name);
        if (node == null) throw new NoSuchElementException("no node " + name + "; nodes: " + String.join(", ", nodes.keySet()));
        return node;
    }

    /** The balancer's HTTP address, for REST ({@code <publicUrl>/api/v10}) and {@code /healthz}: {@code http://127.0.0.1:<port>}. */
    public String publicUrl() {
        return layout.publicUrl();
    }

    /** The balancer's WebSocket address, every gateway's {@code gateway.public-url}: {@code ws://127.0.0.1:<port>}. */
    public String gatewayUrl() {
        return layout.gatewayUrl();
    }

    /** Every broker's client listener, {@code 127.0.0.1:<port>,...}. */
    public String bootstrapServers() {
        return layout.bootstrapServers();
    }

    /** The topic prefix every node uses ({@code kafka.topic-prefix}). */
    public String topicPrefix() {
        return topicPrefixOf(layout);
    }

    private static String topicPrefixOf(ClusterLayout layout) {
        Settings settings = Settings.defaults();
        for (Map.Entry<String, String> e : layout.nodeSettings().entrySet()) settings = settings.with(e.getKey(), e.getValue());
        return settings.get(KafkaSettings.TOPIC_PREFIX);
    }

    /**
     * A gateway's own public port, {@code http://127.0.0.1:<port>}, bypassing the balancer. Every connection to it must
     * begin with a PROXY protocol header (v1 or v2; the gateways run with {@code gateway.proxy-protocol=true} and trust
     * 127.0.0.1): plain HTTP or WebSocket clients must go through {@link #publicUrl()}.
     */
    public String gatewayDirectUrl(String gateway) {
        return "http://" + layout.host() + ":" + gatewayOf(gateway).port();
    }

    /** A gateway's admin listener ({@code /admin} with {@link #adminToken()}, {@code /metrics} with {@link #metricsToken()}). */
    public String gatewayAdminUrl(String gateway) {
        return "http://" + layout.host() + ":" + gatewayOf(gateway).adminPort();
    }

    /** A streams process's state query API ({@code /metrics} with {@link #metricsToken()}; reads with {@link #clusterSecret()}). */
    public String stateQueryUrl(String streams) {
        return "http://" + layout.host() + ":" + layout.streams().stream().filter(s -> s.name().equals(streams)).findFirst()
                .orElseThrow(() -> new NoSuchElementException("no streams process " + streams)).queryPort();
    }

    private ClusterLayout.Gateway gatewayOf(String name) {
        return layout.gateways().stream().filter(g -> g.name().equals(name)).findFirst()
                .orElseThrow(() -> new NoSuchElementException("no gateway " + name));
    }

    /** {@code gateway.admin.token} of every gateway: opens {@code /admin} (e.g. minting a user's token). */
    public String adminToken() {
        return secrets.adminToken();
    }

    /** {@code auth.token-secret}: signs users' tokens (a drill can mint one with {@code dev.parley.gateway.auth}). */
    public String tokenSecret() {
        return secrets.tokenSecret();
    }

    /** {@code cluster.metrics-token}: opens {@code /metrics} of every gateway's admin listener and state query API. */
    public String metricsToken() {
        return secrets.metricsToken();
    }

    /** {@code cluster.secret}: what gateways and streams processes send each other. */
    public String clusterSecret() {
        return secrets.clusterSecret();
    }

    /** The control API's address and the file holding its token. */
    public String controlUrl() {
        return layout.controlUrl();
    }

    /** Every node with its PID and its health now (the checks run in parallel, each bounded by {@code local-cluster.health-timeout}). */
    public ClusterState status() {
        List<CompletableFuture<Health>> checked = nodes.values().stream()
                .map(n -> CompletableFuture.supplyAsync(n::health, checks)).toList();
        List<ClusterState.NodeState> states = new ArrayList<>();
        int i = 0;
        for (ClusterNode node : nodes.values()) states.add(nodeState(node, checked.get(i++).join()));
        return state(states);
    }

    /** Waits until every node is healthy; see {@link ClusterNode#awaitHealthy}. */
    public void awaitHealthy(Duration timeout) {
        awaitHealthy(nodes(), timeout);
    }

    ClusterState stateWithoutHealth() {
        return state(nodes.values().stream().map(n -> nodeState(n, null)).toList());
    }

    private ClusterState state(List<ClusterState.NodeState> states) {
        return new ClusterState(ProcessHandle.current().pid(), startedAt, layout.controlUrl(), publicUrl(), gatewayUrl(),
                bootstrapServers(), dataDir.toString(), states);
    }

    private static ClusterState.NodeState nodeState(ClusterNode node, Health health) {
        return new ClusterState.NodeState(node.name(), node.role().label(), node.ports(),
                node.pid().isPresent() ? node.pid().getAsLong() : null, health == null ? null : health.healthy(),
                health == null ? null : health.detail(), node.logFile().toString(), node.command());
    }

    private final Object stateFile = new Object();

    private void writeState() {
        synchronized (stateFile) {
            writeStateFile();
        }
    }

    private void writeStateFile() {
        if (closed.getCount() == 0) return;
        PrivateFiles.write(dataDir.resolve(ClusterState.FILE), stateWithoutHealth().toJson());
    }

    /**
     * Stops every node in order (balancer, gateways, streams processes, brokers one by one, controllers; SIGTERM, then SIGKILL
     * after {@code local-cluster.stop-grace}) and the control API; returns once every process is gone. Idempotent;
     * also run by a JVM shutdown hook.
     */
    @Override
    public void close() {
        synchronized (this) {
            if (closing) {
                return;
            }
            closing = true;
        }
        try {
            if (control != null) control.close();
            long began = System.nanoTime();
            stopTogether(nodes(n -> n.role() == Role.BALANCER));
            stopTogether(nodes(n -> n.role() == Role.GATEWAY));
            stopTogether(nodes(n -> n.role() == Role.STREAMS));
            nodes(n -> n.role() == Role.BROKER && n.alive()).forEach(ClusterNode::stop);
            stopTogether(nodes(n -> n.role() == Role.CONTROLLER));
            writeState();
            if (startupTime != null) log.info("cluster stopped in {} s", secondsSince(began));
        } finally {
            health.close();
            launcher.shutdownNow();
            checks.shutdownNow();
            closed.countDown();
            try {
                Runtime.getRuntime().removeShutdownHook(shutdownHook);
            } catch (IllegalStateException | IllegalArgumentException e) {
                // shutting down already (this is the hook), or never registered
            }
        }
    }

    private void stopTogether(List<ClusterNode> which) {
        List<Thread> stops = which.stream().map(n -> new Thread(n::stop, "parley-cluster-stop-" + n.name())).toList();
        stops.forEach(Thread::start);
        for (Thread t : stops) {
            try {
                t.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Blocks until {@link #close()} has finished (e.g. after {@code cluster stop} through the control API). */
    public void awaitClosed() throws InterruptedException {
        closed.await();
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        return runnable -> {
            Thread thread = new Thread(runnable, name);
            thread.setDaemon(true);
            return thread;
        };
    }
}
