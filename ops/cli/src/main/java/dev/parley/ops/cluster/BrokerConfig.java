package dev.parley.ops.cluster;

import kafka.tools.StorageTool;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The {@code server.properties} of one broker of the local cluster, and its one-time formatting. Every broker is a
 * combined KRaft node (broker and controller) with the same static voters; both listeners bind the layout's
 * loopback address. Durability: replication factor 3 and {@code min.insync.replicas=2} for every topic, internal
 * ones (offsets, transactions, Streams' changelogs and repartition topics, which ask for the broker default) included,
 * no unclean leader election. Failover: a dead follower leaves the in-sync replicas within about 1.5 s (the leader
 * drops a replica 1 s behind; the controller fences a broker silent for 2 s, and a dead controller is replaced within
 * about 1.5 s), since until then no high watermark it follows moves: neither acks=all writes nor the group
 * coordinators' answers to heartbeats, which wait for the coordinator's earlier writes; a follower whose leader died
 * fetches from the new one 0.2 s later ({@code replica.fetch.backoff.ms}, 1 s by default). Groups accept session
 * timeouts down to 1 s. A broker session shorter than 2 s fenced live brokers on a loaded two-core machine.
 */
final class BrokerConfig {
    /** Under each broker's own properties; {@link ClusterLayout#withBrokerSetting} changes them. */
    static final Map<String, String> CLUSTER_DEFAULTS = orderedMap(
            "auto.create.topics.enable", "false",
            "num.partitions", "1",
            "default.replication.factor", "3",
            "min.insync.replicas", "2",
            "unclean.leader.election.enable", "false",
            "offsets.topic.replication.factor", "3",
            "offsets.topic.num.partitions", "10",
            "transaction.state.log.replication.factor", "3",
            "transaction.state.log.min.isr", "2",
            "transaction.state.log.num.partitions", "10",
            "share.coordinator.state.topic.replication.factor", "3",
            "share.coordinator.state.topic.min.isr", "2",
            "broker.session.timeout.ms", "2000",
            "broker.heartbeat.interval.ms", "500",
            "replica.lag.time.max.ms", "1000",
            "replica.fetch.backoff.ms", "200",
            "controller.quorum.fetch.timeout.ms", "1000",
            "controller.quorum.election.timeout.ms", "500",
            "group.min.session.timeout.ms", "1000",
            "group.streams.min.session.timeout.ms", "1000",
            "group.streams.min.heartbeat.interval.ms", "250",
            "group.initial.rebalance.delay.ms", "0",
            "group.streams.initial.rebalance.delay.ms", "0");

    private BrokerConfig() {
    }

    /** The broker's properties: the layout's broker settings, then its own identity, listeners and log directory. */
    static Map<String, String> properties(ClusterLayout layout, ClusterLayout.Broker broker, Path logDir) {
        Map<String, String> p = new LinkedHashMap<>(layout.brokerSettings());
        String host = layout.host();
        p.put("process.roles", "broker,controller");
        p.put("node.id", String.valueOf(broker.nodeId()));
        p.put("controller.quorum.voters", layout.brokers().stream()
                .map(b -> b.nodeId() + "@" + host + ":" + b.controllerPort()).collect(Collectors.joining(",")));
        p.put("listeners", "PLAINTEXT://" + host + ":" + broker.port() + ",CONTROLLER://" + host + ":" + broker.controllerPort());
        p.put("advertised.listeners", "PLAINTEXT://" + host + ":" + broker.port());
        p.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        p.put("controller.listener.names", "CONTROLLER");
        p.put("inter.broker.listener.name", "PLAINTEXT");
        p.put("log.dirs", logDir.toAbsolutePath().toString());
        return p;
    }

    /**
     * Formats {@code logDir} with Kafka's storage tool for {@code clusterId}, unless it is formatted already (its
     * {@code meta.properties} exists): data survives restarts.
     *
     * @return whether it formatted
     * @throws IllegalStateException when the storage tool fails, with its output
     */
    static boolean formatOnce(Path config, Path logDir, String clusterId) {
        if (Files.exists(logDir.resolve("meta.properties"))) return false;
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        int status = StorageTool.execute(new String[]{"format", "-t", clusterId, "-c", config.toAbsolutePath().toString(),
                "--ignore-formatted"}, new PrintStream(output, true, StandardCharsets.UTF_8));
        if (status != 0) {
            throw new IllegalStateException("formatting " + logDir + " failed: " + output.toString(StandardCharsets.UTF_8).strip());
        }
        return true;
    }

    static Map<String, String> orderedMap(String... keysAndValues) {
        Map<String, String> map = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) map.put(keysAndValues[i], keysAndValues[i + 1]);
        return map;
    }
}
