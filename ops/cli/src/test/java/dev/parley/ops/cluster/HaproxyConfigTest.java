package dev.parley.ops.cluster;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class HaproxyConfigTest {
    private final ClusterLayout layout = ClusterLayout.defaults();
    private final String config = HaproxyConfig.render(layout);

    @Test
    void shouldListenOnTheBalancersLoopbackPortsOnly() {
        assertTrue(config.contains("frontend public\n    bind 127.0.0.1:8080\n"), config);
        assertTrue(config.contains("frontend stats\n    bind 127.0.0.1:8404\n"), config);
        assertEquals(2, config.lines().filter(l -> l.strip().startsWith("bind ")).count());
    }

    @Test
    void shouldBalanceRestByAuthorizationAndWebSocketsRoundRobin() {
        String rest = section("backend gateways-rest");
        String websocket = section("backend gateways-websocket");
        assertTrue(rest.contains("balance hdr(Authorization)"), rest);
        assertTrue(websocket.contains("balance roundrobin"), websocket);
        assertTrue(config.contains("use_backend gateways-websocket if websocket"), config);
        assertTrue(config.contains("acl websocket hdr(Upgrade) -i websocket"), config);
        assertTrue(config.contains("default_backend gateways-rest"), config);
    }

    @Test
    void shouldHealthCheckHealthzAndSendTheProxyProtocolToEveryGateway() {
        String rest = section("backend gateways-rest");
        assertTrue(rest.contains("http-check send meth GET uri /healthz"), rest);
        assertTrue(rest.contains("http-check expect status 200"), rest);
        assertTrue(rest.contains("send-proxy-v2"), rest);
        for (String server : List.of("server gateway-1 127.0.0.1:8091", "server gateway-2 127.0.0.1:8092")) {
            assertTrue(rest.contains(server + "\n"), rest);
            assertTrue(section("backend gateways-websocket").contains(server + " send-proxy-v2 track gateways-rest/"
                    + server.split(" ")[1] + "\n"), config);
        }
    }

    @Test
    void shouldKeepIdleWebSocketsOpenThroughTheTunnelTimeout() {
        assertTrue(config.contains("timeout tunnel 1h"), config);
        assertTrue(config.contains("timeout client 60s"), config);
    }

    @Test
    void shouldFollowTheLayoutsPorts() {
        ClusterLayout free = ClusterLayout.onFreePorts();
        String rendered = HaproxyConfig.render(free);
        assertTrue(rendered.contains("bind 127.0.0.1:" + free.balancer().port() + "\n"), rendered);
        for (ClusterLayout.Gateway gateway : free.gateways()) {
            assertTrue(rendered.contains("server " + gateway.name() + " 127.0.0.1:" + gateway.port()), rendered);
        }
    }

    private String section(String header) {
        int start = config.indexOf("\n" + header + "\n") + 1;
        assertTrue(start > 0, config);
        int end = config.indexOf("\n\n", start);
        return config.substring(start, end < 0 ? config.length() : end);
    }
}
