package dev.parley.ops.cluster;

import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ClusterStateTest {
    private static Map<String, Integer> ports(String name, int port, String other, int otherPort) {
        Map<String, Integer> ports = new LinkedHashMap<>();
        ports.put(name, port);
        ports.put(other, otherPort);
        return ports;
    }

    private final ClusterState state = new ClusterState(4242, "2026-12-01T00:00:00Z", "http://127.0.0.1:8090",
            "http://127.0.0.1:8080", "ws://127.0.0.1:8080", "127.0.0.1:9092", "/data/cluster", List.of(
            new ClusterState.NodeState("broker-1", "broker", ports("client", 9092, "admin", 9192), 101L, true,
                    "in the cluster (3 brokers)", "/data/cluster/logs/broker-1.log", List.of("java", "kafka.Kafka")),
            new ClusterState.NodeState("gateway-1", "gateway", ports("public", 8091, "admin", 8191), null, false,
                    "exited (137)", "/data/cluster/logs/gateway-1.log", List.of("java"))));

    @Test
    void shouldWriteSnakeCaseJsonThatReadsBackTheSame() {
        String json = state.toJson();
        assertTrue(json.contains("\"supervisor_pid\" : 4242"), json);
        assertTrue(json.contains("\"control_url\" : \"http://127.0.0.1:8090\""), json);
        assertTrue(json.contains("\"bootstrap_servers\""), json);
        assertTrue(json.contains("\"pid\" : null"), json);
        assertEquals(state, ClusterState.fromJson(json));
        assertEquals(List.of("client", "admin"), List.copyOf(ClusterState.fromJson(json).nodes().get(0).ports().keySet()),
                "ports in their order");
    }

    @Test
    void shouldCountTheClusterHealthyOnlyWhenEveryNodeIs() {
        assertFalse(state.allHealthy());
        ClusterState.NodeState up = state.nodes().get(0);
        assertTrue(new ClusterState(1, "", "", "", "", "", "", List.of(up)).allHealthy());
        ClusterState.NodeState unchecked = new ClusterState.NodeState("b", "broker", Map.of(), 1L, null, null, "", List.of());
        assertFalse(new ClusterState(1, "", "", "", "", "", "", List.of(unchecked)).allHealthy());
    }

    @Test
    void shouldPrintOneLinePerNodeWithRolePortsPidAndHealth() {
        List<String> lines = state.table().lines().toList();
        assertEquals(3, lines.size(), state.table());
        assertTrue(lines.get(0).startsWith("ROLE"), lines.get(0));
        assertTrue(lines.get(1).matches("broker +broker-1 +101 +healthy +client 9092, admin 9192 +in the cluster \\(3 brokers\\)"),
                lines.get(1));
        assertTrue(lines.get(2).matches("gateway +gateway-1 +- +DOWN +public 8091, admin 8191 +exited \\(137\\)"), lines.get(2));
    }

    @Test
    void shouldFindNodesByName() {
        assertEquals("gateway", state.node("gateway-1").orElseThrow().role());
        assertTrue(state.node("gateway-3").isEmpty());
    }

    @Test
    void shouldRefuseWhatIsNotAClusterState() {
        assertThrows(IllegalArgumentException.class, () -> ClusterState.fromJson("{\"nodes\": 3}"));
        assertThrows(IllegalArgumentException.class, () -> ClusterState.fromJson("{}"));
    }
}
