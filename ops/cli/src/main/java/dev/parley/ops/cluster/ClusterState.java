package dev.parley.ops.cluster;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.parley.schemas.json.Json;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What a running cluster tells other terminals: the document of {@code <data>/cluster.json} (written by the
 * supervisor whenever a node starts or stops, without health) and of {@code cluster status --json} (the same, with
 * every node's health). JSON field names are snake_case: {@code supervisor_pid}, {@code control_url},
 * {@code public_url}, {@code gateway_url}, {@code bootstrap_servers}, {@code nodes[]} with {@code name}, {@code role},
 * {@code ports} ({@code {"client": 9092, ...}}), {@code pid} (null when not running), {@code healthy} and
 * {@code detail} (null in {@code cluster.json}), {@code log}, {@code command}.
 *
 * @param supervisorPid the process id of the supervisor ({@code ops/parley cluster} or the test that runs it)
 * @param startedAt     when the supervisor started, ISO-8601
 */
public record ClusterState(long supervisorPid, String startedAt, String controlUrl, String publicUrl, String gatewayUrl,
                           String bootstrapServers, String dataDir, List<NodeState> nodes) {
    /** The file name of the state, under the cluster's data directory. */
    public static final String FILE = "cluster.json";

    private static final ObjectMapper MAPPER = Json.MAPPER.copy().enable(SerializationFeature.INDENT_OUTPUT);

    /** One node. {@code pid} is null when the node is not running; {@code healthy} and {@code detail} are null when not checked. */
    public record NodeState(String name, String role, Map<String, Integer> ports, Long pid, Boolean healthy,
                            String detail, String log, List<String> command) {
    }

    public ClusterState {
        nodes = List.copyOf(nodes);
    }

    /** The node called {@code name}. */
    public Optional<NodeState> node(String name) {
        return nodes.stream().filter(n -> n.name().equals(name)).findFirst();
    }

    /** Whether every node was checked and found healthy. */
    public boolean allHealthy() {
        return nodes.stream().allMatch(n -> Boolean.TRUE.equals(n.healthy()));
    }

    public String toJson() {
        try {
            return MAPPER.writeValueAsString(this);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** @throws IllegalArgumentException when {@code json} is not a cluster state */
    public static ClusterState fromJson(String json) {
        try {
            ClusterState state = MAPPER.readValue(json, ClusterState.class);
            if (state.nodes() == null) throw new IllegalArgumentException("no nodes");
            return state;
        } catch (IOException e) {
            throw new IllegalArgumentException("not a cluster state: " + e.getMessage(), e);
        }
    }

    /** The state in {@code dataDir/cluster.json}, if the file is there. */
    public static Optional<ClusterState> read(Path dataDir) {
        Path file = dataDir.resolve(FILE);
        if (!Files.isRegularFile(file)) return Optional.empty();
        try {
            return Optional.of(fromJson(Files.readString(file)));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    /**
     * The table {@code cluster status} prints: one line per node with its role, name, ports, PID and health, e.g.
     * <pre>
     * ROLE       NODE          PID     HEALTH   PORTS                DETAIL
     * controller controller-1  4240    healthy  quorum 9192          quorum leader (epoch 1, 3 voters)
     * broker     broker-1      4242    healthy  client 9092          in the cluster (3 brokers), in sync on its 372 partitions
     * </pre>
     */
    public String table() {
        String format = "%-10s %-13s %-7s %-8s %-20s %s%n";
        StringBuilder out = new StringBuilder(String.format(format, "ROLE", "NODE", "PID", "HEALTH", "PORTS", "DETAIL"));
        for (NodeState node : nodes) {
            String ports = String.join(", ", node.ports().entrySet().stream().map(e -> e.getKey() + " " + e.getValue()).toList());
            String health = node.healthy() == null ? "?" : node.healthy() ? "healthy" : "DOWN";
            out.append(String.format(format, node.role(), node.name(), node.pid() == null ? "-" : node.pid(), health, ports,
                    node.detail() == null ? "" : node.detail()));
        }
        return out.toString();
    }
}
