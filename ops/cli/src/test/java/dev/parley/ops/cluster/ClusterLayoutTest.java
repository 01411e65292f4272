package dev.parley.ops.cluster;

import dev.parley.config.Settings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class ClusterLayoutTest {

    @Test
    void shouldRunTheDocumentedNodesOnTheDocumentedPorts() {
        ClusterLayout layout = ClusterLayout.defaults();
        assertEquals(List.of("controller-1", "controller-2", "controller-3", "broker-1", "broker-2", "broker-3", "streams-1", "streams-2", "gateway-1", "gateway-2", "balancer"),
                layout.nodeNames());
        assertEquals("127.0.0.1:9092,127.0.0.1:9093,127.0.0.1:9094", layout.bootstrapServers());
        assertEquals("101@127.0.0.1:9192,102@127.0.0.1:9193,103@127.0.0.1:9194", layout.quorumVoters());
        assertEquals("http://127.0.0.1:8080", layout.publicUrl());
        assertEquals("ws://127.0.0.1:8080", layout.gatewayUrl());
        assertEquals("http://127.0.0.1:8090", layout.controlUrl());
        assertEquals(List.of(9192, 9193, 9194, 9092, 9093, 9094, 7071, 7072, 8091, 8191, 8092, 8192, 8080, 8404, 8090),
                List.copyOf(layout.ports().keySet()));
        assertEquals(Path.of("/usr/sbin/haproxy"), layout.haproxy());
        assertEquals(List.of("-Xmx512m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1"), layout.javaOptions());
    }

    @Test
    void shouldPickDistinctFreePortsForTests() {
        ClusterLayout layout = ClusterLayout.onFreePorts();
        assertEquals(15, layout.ports().size(), "15 distinct ports");
        assertEquals(List.of(101, 102, 103), layout.controllers().stream().map(ClusterLayout.Controller::nodeId).toList());
        assertTrue(layout.ports().keySet().stream().allMatch(p -> p > 0));
    }

    @Test
    void shouldRefuseLayoutsThatCannotWork() {
        ClusterLayout d = ClusterLayout.defaults();
        assertThrows(IllegalArgumentException.class, () -> new ClusterLayout(d.host(), d.controllers(), d.brokers().subList(0, 2),
                d.streams(), d.gateways(), d.balancer(), d.controlPort(), d.nodeSettings(), d.brokerSettings(), d.javaOptions(),
                d.haproxy(), d.startTimeout(), d.settleTime(), d.stopGrace(), d.healthTimeout()), "fewer than 3 brokers");
        assertThrows(IllegalArgumentException.class, () -> new ClusterLayout(d.host(), d.controllers().subList(0, 2), d.brokers(),
                d.streams(), d.gateways(), d.balancer(), d.controlPort(), d.nodeSettings(), d.brokerSettings(), d.javaOptions(),
                d.haproxy(), d.startTimeout(), d.settleTime(), d.stopGrace(), d.healthTimeout()), "an even quorum");
        assertThrows(IllegalArgumentException.class, () -> new ClusterLayout(d.host(), d.controllers(), d.brokers(), d.streams(),
                d.gateways(), d.balancer(), 8080, d.nodeSettings(), d.brokerSettings(), d.javaOptions(), d.haproxy(),
                d.startTimeout(), d.settleTime(), d.stopGrace(), d.healthTimeout()), "a port twice");
        List<ClusterLayout.Controller> sameIds = List.of(new ClusterLayout.Controller("c1", 1, 9301),
                new ClusterLayout.Controller("c2", 102, 9302), new ClusterLayout.Controller("c3", 103, 9303));
        assertThrows(IllegalArgumentException.class, () -> new ClusterLayout(d.host(), sameIds, d.brokers(), d.streams(),
                d.gateways(), d.balancer(), d.controlPort(), d.nodeSettings(), d.brokerSettings(), d.javaOptions(), d.haproxy(),
                d.startTimeout(), d.settleTime(), d.stopGrace(), d.healthTimeout()), "a controller with a broker's node id");
    }

    @Test
    void shouldSayHowToInstallHaproxyWhenItIsMissing() {
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> LocalCluster.requireHaproxy(Path.of("/nonexistent/haproxy")));
        assertTrue(e.getMessage().contains("apt-get install haproxy"), e.getMessage());
    }

    @Test
    void shouldRefuseADataDirectoryWhoseBrokersWereControllersToo(@TempDir Path data) throws Exception {
        Path haproxy = Path.of("/usr/sbin/haproxy");
        assumeTrue(Files.isExecutable(haproxy), "HAProxy is not installed (apt-get install haproxy)");
        Path oldBroker = data.resolve("broker-1").resolve("kafka-logs");
        Files.createDirectories(oldBroker);
        Files.writeString(oldBroker.resolve("meta.properties"), "node.id=1\nversion=1\n");
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> LocalCluster.start(ClusterLayout.onFreePorts().withSupervision(Settings.defaults()), data));
        assertTrue(e.getMessage().contains("older layout") && e.getMessage().contains("remove the directory"), e.getMessage());
        assertFalse(Files.exists(data.resolve("controller-1").resolve("kafka-logs").resolve("meta.properties")),
                "nothing formatted");
    }
}
