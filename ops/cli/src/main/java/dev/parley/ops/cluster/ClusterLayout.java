package dev.parley.ops.cluster;

import dev.parley.config.Settings;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Stream;

/**
 * What {@link LocalCluster} runs and where: three KRaft controllers, three brokers, two streams processes, two
 * gateways and the balancer, each on its own ports of one loopback address, plus the supervisor's control API, and
 * the settings every node gets. Immutable; the {@code with...} methods return changed copies.
 *
 * <p>{@link #defaults()} is the documented layout of {@code ops/parley cluster}: the balancer on 8080 (HAProxy stats
 * on 8404), gateways on 8091/8092 (admin 8191/8192), streams processes' state query APIs on 7071/7072, brokers'
 * clients on 9092-9094, controllers on 9192-9194, the control API on 8090. {@link #onFreePorts()} is the same
 * shape on free ports, for tests.
 *
 * @param host           the address every listener binds (and every node advertises): loopback
 * @param nodeSettings   Parley settings given to every streams process and gateway, under each node's own (its
 *                       ports, ids, addresses and the cluster's secrets, which always win)
 * @param brokerSettings Kafka properties given to every controller and broker, under each node's own (role, node
 *                       id, listeners, voters, log directory)
 * @param javaOptions    JVM options of each controller, broker, streams process and gateway
 * @param haproxy        the HAProxy binary
 * @param startTimeout   how long {@link LocalCluster#start} waits for every node to be healthy
 * @param settleTime     how long every node must stay healthy without a break before {@link LocalCluster#start} returns
 * @param stopGrace      how long a node gets after SIGTERM before SIGKILL
 * @param healthTimeout  the bound of one health check
 */
public record ClusterLayout(String host, List<Controller> controllers, List<Broker> brokers, List<Streams> streams, List<Gateway> gateways,
                            Balancer balancer, int controlPort, Map<String, String> nodeSettings,
                            Map<String, String> brokerSettings, List<String> javaOptions, Path haproxy,
                            Duration startTimeout, Duration settleTime, Duration stopGrace, Duration healthTimeout) {
    /** The loopback address of the local cluster. */
    public static final String LOOPBACK = "127.0.0.1";
    /** Controllers' node ids are 101, 102, ...; brokers' 1, 2, ... */
    static final int CONTROLLER_ID_BASE = 100;

    /**
     * A KRaft controller: a voter of the metadata quorum, nothing else. Controllers run apart from the brokers so that
     * a broker's crash never takes the active controller with it (which would add a controller election and, on the
     * new controller, a whole broker session before the dead broker's partitions move).
     */
    public record Controller(String name, int nodeId, int port) {
    }

    /** A KRaft broker: clients on {@code port}, metadata from the {@link Controller}s. */
    public record Broker(String name, int nodeId, int port) {
    }

    /** A streams process: every streams app, with its state query API on {@code queryPort}. */
    public record Streams(String name, int queryPort) {
    }

    /** A gateway: WebSocket and REST on {@code port} (behind the balancer), {@code /metrics} and {@code /admin} on {@code adminPort}. */
    public record Gateway(String name, int workerId, int port, int adminPort) {
    }

    /** HAProxy: the public address on {@code port}, its statistics on {@code statsPort}. */
    public record Balancer(String name, int port, int statsPort) {
    }

    public ClusterLayout {
        Objects.requireNonNull(host, "host");
        controllers = List.copyOf(controllers);
        brokers = List.copyOf(brokers);
        streams = List.copyOf(streams);
        gateways = List.copyOf(gateways);
        Objects.requireNonNull(balancer, "balancer");
        nodeSettings = Collections.unmodifiableMap(new LinkedHashMap<>(nodeSettings));
        brokerSettings = Collections.unmodifiableMap(new LinkedHashMap<>(brokerSettings));
        javaOptions = List.copyOf(javaOptions);
        if (controllers.size() < 3 || controllers.size() % 2 == 0) {
            throw new IllegalArgumentException("a cluster needs an odd number of controllers, 3 or more (a quorum that survives one loss)");
        }
        if (brokers.size() < 3) throw new IllegalArgumentException("a cluster needs 3 brokers or more (replication factor 3)");
        if (streams.isEmpty() || gateways.isEmpty()) throw new IllegalArgumentException("a cluster needs streams processes and gateways");
        List<String> names = new ArrayList<>();
        controllers.forEach(c -> names.add(c.name()));
        brokers.forEach(b -> names.add(b.name()));
        streams.forEach(s -> names.add(s.name()));
        gateways.forEach(g -> names.add(g.name()));
        names.add(balancer.name());
        if (names.stream().distinct().count() != names.size()) throw new IllegalArgumentException("node names repeat: " + names);
        List<Integer> ports = new ArrayList<>(List.of(balancer.port(), balancer.statsPort(), controlPort));
        controllers.forEach(c -> ports.add(c.port()));
        brokers.forEach(b -> ports.add(b.port()));
        streams.forEach(s -> ports.add(s.queryPort()));
        gateways.forEach(g -> ports.addAll(List.of(g.port(), g.adminPort())));
        if (ports.stream().distinct().count() != ports.size()) throw new IllegalArgumentException("ports repeat: " + ports);
        List<Integer> ids = new ArrayList<>();
        controllers.forEach(c -> ids.add(c.nodeId()));
        brokers.forEach(b -> ids.add(b.nodeId()));
        if (ids.stream().distinct().count() != ids.size()) throw new IllegalArgumentException("Kafka node ids repeat: " + ids);
    }

    /** The layout {@code ops/parley cluster} runs, on its documented ports, with the settings' defaults. */
    public static ClusterLayout defaults() {
        return withPorts(new int[]{9192, 9193, 9194}, new int[]{9092, 9093, 9094}, new int[]{7071, 7072},
                new int[]{8091, 8092}, new int[]{8191, 8192}, 8080, 8404, 8090);
    }

    /** The same shape as {@link #defaults()} on ports that were free a moment ago (for tests). */
    public static ClusterLayout onFreePorts() {
        int[] ports = freePorts(3 + 3 + 2 + 2 + 2 + 3);
        return withPorts(Arrays.copyOfRange(ports, 0, 3), Arrays.copyOfRange(ports, 3, 6), Arrays.copyOfRange(ports, 6, 8),
                Arrays.copyOfRange(ports, 8, 10), Arrays.copyOfRange(ports, 10, 12), ports[12], ports[13], ports[14]);
    }

    private static ClusterLayout withPorts(int[] controllerPorts, int[] brokerPorts, int[] queryPorts, int[] gatewayPorts,
                                           int[] adminPorts, int balancerPort, int statsPort, int controlPort) {
        List<Controller> controllers = new ArrayList<>();
        for (int i = 0; i < controllerPorts.length; i++) {
            controllers.add(new Controller("controller-" + (i + 1), CONTROLLER_ID_BASE + i + 1, controllerPorts[i]));
        }
        List<Broker> brokers = new ArrayList<>();
        for (int i = 0; i < brokerPorts.length; i++) brokers.add(new Broker("broker-" + (i + 1), i + 1, brokerPorts[i]));
        List<Streams> streams = new ArrayList<>();
        for (int i = 0; i < queryPorts.length; i++) streams.add(new Streams("streams-" + (i + 1), queryPorts[i]));
        List<Gateway> gateways = new ArrayList<>();
        for (int i = 0; i < gatewayPorts.length; i++) {
            gateways.add(new Gateway("gateway-" + (i + 1), i + 1, gatewayPorts[i], adminPorts[i]));
        }
        Settings defaults = Settings.defaults();
        return new ClusterLayout(LOOPBACK, controllers, brokers, streams, gateways, new Balancer("balancer", balancerPort, statsPort),
                controlPort, NodeConfigs.CLUSTER_DEFAULTS, KafkaNodeConfig.CLUSTER_DEFAULTS, List.of(), Path.of("haproxy"),
                Duration.ZERO, Duration.ZERO, Duration.ZERO, Duration.ZERO).withSupervision(defaults);
    }

    /** A copy with the supervisor's settings ({@link LocalClusterSettings}) from {@code settings}. */
    public ClusterLayout withSupervision(Settings settings) {
        List<String> options = Stream.of(settings.get(LocalClusterSettings.JAVA_OPTIONS).strip().split("\\s+"))
                .filter(s -> !s.isEmpty()).toList();
        return new ClusterLayout(host, controllers, brokers, streams, gateways, balancer, controlPort, nodeSettings,
                brokerSettings, options, Path.of(settings.get(LocalClusterSettings.HAPROXY)),
                settings.get(LocalClusterSettings.START_TIMEOUT), settings.get(LocalClusterSettings.SETTLE_TIME),
                settings.get(LocalClusterSettings.STOP_GRACE), settings.get(LocalClusterSettings.HEALTH_TIMEOUT));
    }

    /** A copy in which every streams process and gateway also gets the Parley setting {@code key=value}. */
    public ClusterLayout withNodeSetting(String key, String value) {
        Map<String, String> changed = new LinkedHashMap<>(nodeSettings);
        changed.put(key, value);
        return new ClusterLayout(host, controllers, brokers, streams, gateways, balancer, controlPort, changed,
                brokerSettings, javaOptions, haproxy, startTimeout, settleTime, stopGrace, healthTimeout);
    }

    /** A copy in which every controller and broker also gets the Kafka property {@code key=value}. */
    public ClusterLayout withBrokerSetting(String key, String value) {
        Map<String, String> changed = new LinkedHashMap<>(brokerSettings);
        changed.put(key, value);
        return new ClusterLayout(host, controllers, brokers, streams, gateways, balancer, controlPort, nodeSettings,
                changed, javaOptions, haproxy, startTimeout, settleTime, stopGrace, healthTimeout);
    }

    /** {@code controller.quorum.voters} of every Kafka node: {@code id@host:port,...} of each controller. */
    public String quorumVoters() {
        return String.join(",", controllers.stream().map(c -> c.nodeId() + "@" + host + ":" + c.port()).toList());
    }

    /** {@code host:port,...} of every broker's client listener. */
    public String bootstrapServers() {
        return String.join(",", brokers.stream().map(b -> host + ":" + b.port()).toList());
    }

    /** The balancer's address for REST and {@code /healthz}, e.g. {@code http://127.0.0.1:8080}. */
    public String publicUrl() {
        return "http://" + host + ":" + balancer.port();
    }

    /** The balancer's address for WebSockets, every gateway's {@code gateway.public-url}, e.g. {@code ws://127.0.0.1:8080}. */
    public String gatewayUrl() {
        return "ws://" + host + ":" + balancer.port();
    }

    /** The supervisor's control API. */
    public String controlUrl() {
        return "http://" + host + ":" + controlPort;
    }

    /** Every node's name, in start order: brokers, streams processes, gateways, the balancer. */
    public List<String> nodeNames() {
        List<String> names = new ArrayList<>();
        controllers.forEach(c -> names.add(c.name()));
        brokers.forEach(b -> names.add(b.name()));
        streams.forEach(s -> names.add(s.name()));
        gateways.forEach(g -> names.add(g.name()));
        names.add(balancer.name());
        return names;
    }

    /** Every port of the layout with what listens there, e.g. {@code 9092 -> "broker-1 client"}. */
    public Map<Integer, String> ports() {
        Map<Integer, String> ports = new LinkedHashMap<>();
        for (Controller c : controllers) ports.put(c.port(), c.name() + " quorum");
        for (Broker b : brokers) ports.put(b.port(), b.name() + " client");
        for (Streams s : streams) ports.put(s.queryPort(), s.name() + " state query API");
        for (Gateway g : gateways) {
            ports.put(g.port(), g.name() + " public");
            ports.put(g.adminPort(), g.name() + " admin");
        }
        ports.put(balancer.port(), balancer.name() + " public");
        ports.put(balancer.statsPort(), balancer.name() + " stats");
        ports.put(controlPort, "control API");
        return ports;
    }

    private static int[] freePorts(int count) {
        List<ServerSocket> held = new ArrayList<>();
        try {
            int[] ports = new int[count];
            for (int i = 0; i < count; i++) {
                ServerSocket socket = new ServerSocket(0, 50, InetAddress.getByName(LOOPBACK));
                held.add(socket);
                ports[i] = socket.getLocalPort();
            }
            return ports;
        } catch (IOException e) {
            throw new UncheckedIOException("no free ports", e);
        } finally {
            for (ServerSocket socket : held) {
                try {
                    socket.close();
                } catch (IOException ignored) {
                    // only probing
                }
            }
        }
    }
}
