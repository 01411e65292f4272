package dev.parley.ops.cluster;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ClusterLayoutTest {

    @Test
    void shouldRunTheDocumentedNodesOnTheDocumentedPorts() {
        ClusterLayout layout = ClusterLayout.defaults();
        assertEquals(List.of("broker-1", "broker-2", "broker-3", "streams-1", "streams-2", "gateway-1", "gateway-2", "balancer"),
                layout.nodeNames());
        assertEquals("127.0.0.1:9092,127.0.0.1:9093,127.0.0.1:9094", layout.bootstrapServers());
        assertEquals("http://127.0.0.1:8080", layout.publicUrl());
        assertEquals("ws://127.0.0.1:8080", layout.gatewayUrl());
        assertEquals("http://127.0.0.1:8090", layout.controlUrl());
        assertEquals(List.of(9092, 9192, 9093, 9193, 9094, 9194, 7071, 7072, 8091, 8191, 8092, 8192, 8080, 8404, 8090),
                List.copyOf(layout.ports().keySet()));
        assertEquals(Path.of("/usr/sbin/haproxy"), layout.haproxy());
        assertEquals(List.of("-Xmx512m", "-XX:+UseSerialGC"), layout.javaOptions());
    }

    @Test
    void shouldPickDistinctFreePortsForTests() {
        ClusterLayout layout = ClusterLayout.onFreePorts();
        assertEquals(15, layout.ports().size(), "15 distinct ports");
        assertTrue(layout.ports().keySet().stream().allMatch(p -> p > 0));
    }

    @Test
    void shouldRefuseLayoutsThatCannotWork() {
        ClusterLayout d = ClusterLayout.defaults();
        assertThrows(IllegalArgumentException.class, () -> new ClusterLayout(d.host(), d.brokers().subList(0, 2), d.streams(),
                d.gateways(), d.balancer(), d.controlPort(), d.nodeSettings(), d.brokerSettings(), d.javaOptions(), d.haproxy(),
                d.startTimeout(), d.stopGrace(), d.lastBrokerStopGrace(), d.healthTimeout()), "fewer than 3 brokers");
        assertThrows(IllegalArgumentException.class, () -> new ClusterLayout(d.host(), d.brokers(), d.streams(), d.gateways(),
                d.balancer(), 8080, d.nodeSettings(), d.brokerSettings(), d.javaOptions(), d.haproxy(),
                d.startTimeout(), d.stopGrace(), d.lastBrokerStopGrace(), d.healthTimeout()), "a port twice");
    }

    @Test
    void shouldSayHowToInstallHaproxyWhenItIsMissing() {
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> LocalCluster.requireHaproxy(Path.of("/nonexistent/haproxy")));
        assertTrue(e.getMessage().contains("apt-get install haproxy"), e.getMessage());
    }
}
