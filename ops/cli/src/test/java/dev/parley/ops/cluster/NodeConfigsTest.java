package dev.parley.ops.cluster;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

class NodeConfigsTest {
    private final ClusterLayout layout = ClusterLayout.defaults();
    private final ClusterSecrets secrets = new ClusterSecrets("token-secret-0123456789", "cluster-secret-0123456789",
            "metrics-token-0123456789", "admin-token-0123456789");

    @Test
    void shouldGiveEachStreamsProcessItsOwnIdPortAndDataWithStandbysAndShortSessions() {
        Map<String, String> p = NodeConfigs.streams(layout, layout.streams().get(1), Path.of("/data/streams-2"), secrets);
        assertEquals("streams-2", p.get("streams.instance-id"));
        assertEquals("7072", p.get("streams.query-port"));
        assertEquals("127.0.0.1", p.get("streams.query-host"));
        assertEquals("127.0.0.1", p.get("streams.query-advertised-host"));
        assertEquals("/data/streams-2", p.get("data.dir"));
        assertEquals("1", p.get("streams.standby-replicas"));
        assertEquals("3s", p.get("streams.session-timeout"));
        assertEquals("250ms", p.get("streams.heartbeat-interval"));
        assertEquals("classic", p.get("streams.group-protocol"));
        assertEquals("127.0.0.1:9092,127.0.0.1:9093,127.0.0.1:9094", p.get("kafka.bootstrap-servers"));
        assertEquals("cluster-secret-0123456789", p.get("cluster.secret"));
        assertEquals("metrics-token-0123456789", p.get("cluster.metrics-token"));
        assertEquals("token-secret-0123456789", p.get("auth.token-secret"));
    }

    @Test
    void shouldPutGatewaysBehindTheBalancerWithTheProxyProtocolFromLoopbackOnly() {
        Map<String, String> p = NodeConfigs.gateway(layout, layout.gateways().get(0), Path.of("/data/gateway-1"), secrets);
        assertEquals("gateway-1", p.get("gateway.id"));
        assertEquals("1", p.get("gateway.worker-id"));
        assertEquals("127.0.0.1", p.get("gateway.host"));
        assertEquals("8091", p.get("gateway.port"));
        assertEquals("127.0.0.1", p.get("gateway.admin.host"));
        assertEquals("8191", p.get("gateway.admin.port"));
        assertEquals("ws://127.0.0.1:8080", p.get("gateway.public-url"));
        assertEquals("http://127.0.0.1:7071,http://127.0.0.1:7072", p.get("gateway.state-query-urls"));
        assertEquals("true", p.get("gateway.proxy-protocol"));
        assertEquals("127.0.0.1/32", p.get("gateway.proxy-protocol.trusted-sources"));
        assertEquals("admin-token-0123456789", p.get("gateway.admin.token"));
        assertEquals("true", p.get("auth.registration-enabled"));
        assertEquals("true", p.get("auth.open-guild-join"));
    }

    @Test
    void shouldLetTheNodesOwnValuesWinOverTheLayoutsSettings() {
        ClusterLayout changed = layout.withNodeSetting("gateway.port", "1").withNodeSetting("streams.standby-replicas", "2");
        Map<String, String> gateway = NodeConfigs.gateway(changed, changed.gateways().get(1), Path.of("/d"), secrets);
        assertEquals("8092", gateway.get("gateway.port"));
        assertEquals("2", gateway.get("streams.standby-replicas"));
        assertEquals("2", NodeConfigs.streams(changed, changed.streams().get(0), Path.of("/d"), secrets)
                .get("streams.standby-replicas"));
    }

    @Test
    void shouldWriteControllersAsAQuorumOfTheirOwn() {
        Map<String, String> p = KafkaNodeConfig.controller(layout, layout.controllers().get(1), Path.of("/data/controller-2/kafka-logs"));
        assertEquals("controller", p.get("process.roles"));
        assertEquals("102", p.get("node.id"));
        assertEquals("101@127.0.0.1:9192,102@127.0.0.1:9193,103@127.0.0.1:9194", p.get("controller.quorum.voters"));
        assertEquals("CONTROLLER://127.0.0.1:9193", p.get("listeners"));
        assertEquals("CONTROLLER", p.get("controller.listener.names"));
        assertNull(p.get("advertised.listeners"), "a controller has no client listener");
        assertEquals("/data/controller-2/kafka-logs", p.get("log.dirs"));
        assertEquals("2000", p.get("broker.session.timeout.ms"), "the controllers fence a silent broker after 2 s");
        assertEquals("500", p.get("controller.quorum.election.timeout.ms"));
    }

    @Test
    void shouldWriteBrokersWithStaticVotersReplicationThreeAndFastFencing() {
        Map<String, String> p = KafkaNodeConfig.broker(layout, layout.brokers().get(2), Path.of("/data/broker-3/kafka-logs"));
        assertEquals("broker", p.get("process.roles"));
        assertEquals("3", p.get("node.id"));
        assertEquals("101@127.0.0.1:9192,102@127.0.0.1:9193,103@127.0.0.1:9194", p.get("controller.quorum.voters"));
        assertEquals("PLAINTEXT://127.0.0.1:9094", p.get("listeners"));
        assertEquals("PLAINTEXT://127.0.0.1:9094", p.get("advertised.listeners"));
        assertEquals("/data/broker-3/kafka-logs", p.get("log.dirs"));
        assertEquals("3", p.get("default.replication.factor"));
        assertEquals("2", p.get("min.insync.replicas"));
        assertEquals("3", p.get("offsets.topic.replication.factor"));
        assertEquals("2", p.get("transaction.state.log.min.isr"));
        assertEquals("false", p.get("unclean.leader.election.enable"));
        assertEquals("false", p.get("auto.create.topics.enable"));
        assertEquals("2000", p.get("broker.session.timeout.ms"));
        assertEquals("500", p.get("broker.heartbeat.interval.ms"));
        assertEquals("1000", p.get("group.min.session.timeout.ms"));
        assertEquals("0", p.get("group.initial.rebalance.delay.ms"));
        assertFalse(p.values().stream().anyMatch(v -> v.contains("0.0.0.0")), "loopback only");
    }

    @Test
    void shouldWritePropertiesFilesThatReadBackTheSame() throws Exception {
        Map<String, String> p = Map.of("a.b", "x\\y", "c", "line\nbreak");
        java.util.Properties read = new java.util.Properties();
        read.load(new java.io.StringReader(PrivateFiles.properties("header", new java.util.TreeMap<>(p))));
        assertEquals(p, Map.copyOf((Map) read));
    }
}
