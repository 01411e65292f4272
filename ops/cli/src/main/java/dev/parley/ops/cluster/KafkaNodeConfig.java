package dev.parley.ops.cluster;

import kafka.tools.StorageTool;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The {@code server.properties} of one Kafka node of the local cluster, controller or broker, and its one-time
 * formatting. Controllers and brokers are separate processes (KRaft's isolated mode, as production runs it): three
 * controllers, static voters, form the metadata quorum; the brokers hold the data. Every listener binds the layout's
 * loopback address.
 *
 * <p>Durability: replication factor 3 and {@code min.insync.replicas=2} for every topic, internal ones (offsets,
 * transactions, Streams' changelogs and repartition topics, which ask for the broker default) included, no unclean
 * leader election.
 *
 * <p>Failover: a dead broker is fenced 2 s after its last heartbeat (every 0.5 s), which moves the leadership of its
 * partitions and takes it out of every ISR at once; a leader also drops a follower 1-1.5 s behind
 * ({@code replica.lag.time.max.ms}). Until then no high watermark it follows moves: neither acks=all writes nor the
 * group coordinators' answers to heartbeats, which wait for the coordinator's earlier writes. A follower whose leader
 * died fetches from the new one 0.2 s later ({@code replica.fetch.backoff.ms}, 1 s by default). A controller's crash
 * moves no partition: the quorum elects another within about 1.5 s, and brokers keep serving meanwhile (measured:
 * no post slowed past 1 s). With combined broker+controller nodes, killing the broker that was also the active
 * controller took 4.4-7.4 s to heal: the election, then a whole broker session on the new controller before the dead
 * broker was fenced. Groups accept session timeouts down to 1 s. A broker session shorter than 2 s fenced live
 * brokers on a loaded two-core machine.
 */
final class KafkaNodeConfig {
    /** Under each node's own properties; {@link ClusterLayout#withBrokerSetting} changes them. */
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
    private static final String CONTROLLER_LISTENER = "CONTROLLER";

    private KafkaNodeConfig() {
    }

    /** A controller's properties: the layout's Kafka settings, then its role, identity, quorum listener and log directory. */
    static Map<String, String> controller(ClusterLayout layout, ClusterLayout.Controller controller, Path logDir) {
        Map<String, String> p = new LinkedHashMap<>(layout.brokerSettings());
        p.put("process.roles", "controller");
        p.put("node.id", String.valueOf(controller.nodeId()));
        p.put("controller.quorum.voters", layout.quorumVoters());
        p.put("listeners", CONTROLLER_LISTENER + "://" + layout.host() + ":" + controller.port());
        p.put("listener.security.protocol.map", CONTROLLER_LISTENER + ":PLAINTEXT");
        p.put("controller.listener.names", CONTROLLER_LISTENER);
        p.put("log.dirs", logDir.toAbsolutePath().toString());
        return p;
    }

    /** A broker's properties: the layout's Kafka settings, then its role, identity, listener, voters and log directory. */
    static Map<String, String> broker(ClusterLayout layout, ClusterLayout.Broker broker, Path logDir) {
        Map<String, String> p = new LinkedHashMap<>(layout.brokerSettings());
        p.put("process.roles", "broker");
        p.put("node.id", String.valueOf(broker.nodeId()));
        p.put("controller.quorum.voters", layout.quorumVoters());
        p.put("listeners", "PLAINTEXT://" + layout.host() + ":" + broker.port());
        p.put("advertised.listeners", "PLAINTEXT://" + layout.host() + ":" + broker.port());
        p.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT," + CONTROLLER_LISTENER + ":PLAINTEXT");
        p.put("controller.listener.names", CONTROLLER_LISTENER);
        p.put("inter.broker.listener.name", "PLAINTEXT");
        p.put("log.dirs", logDir.toAbsolutePath().toString());
        return p;
    }

    /** The log directory of the Kafka node whose own directory is {@code nodeDir}. */
    static Path logDir(Path nodeDir) {
        return nodeDir.resolve("kafka-logs");
    }

    /** Whether Kafka's storage tool has formatted {@code logDir} (its {@code meta.properties} exists). */
    static boolean isFormatted(Path logDir) {
        return Files.exists(logDir.resolve("meta.properties"));
    }

    /**
     * Formats {@code logDir} with Kafka's storage tool for {@code clusterId}, unless it is formatted already (its
     * {@code meta.properties} exists): data survives restarts.
     *
     * @return whether it formatted
     * @throws IllegalStateException when the storage tool fails, with its output
     */
    static boolean formatOnce(Path config, Path logDir, String clusterId) {
        if (isFormatted(logDir)) return false;
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
