package dev.parley.kafka.embedded;

import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import kafka.tools.StorageTool;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

/**
 * A real single-node Apache Kafka broker in this JVM: KRaft, broker and controller in one process, from Apache's
 * own {@code kafka_2.13} artifact. Data lives in the given directory and survives a restart. Both its listeners,
 * the clients' and the KRaft controller's, bind {@code 127.0.0.1} only: nothing off this machine reaches it.
 *
 * <p>Start it once per JVM: Kafka may halt the JVM on a fatal fault, and a start costs about three seconds.
 * {@link #close()} stops it in about half a second. Not for production: one node, replication factor 1.
 */
public final class EmbeddedKafkaBroker implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(EmbeddedKafkaBroker.class);
    private static final String HOST = "127.0.0.1";
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(60);

    private final KafkaRaftServer server;
    private final String bootstrapServers;
    private final Path dataDir;

    private EmbeddedKafkaBroker(KafkaRaftServer server, String bootstrapServers, Path dataDir) {
        this.server = server;
        this.bootstrapServers = bootstrapServers;
        this.dataDir = dataDir;
    }

    /**
     * Formats {@code dataDir} if it is new, starts the broker, and returns once it answers a metadata request.
     *
     * @param dataDir where the log and metadata live; created if missing, reused if already formatted
     * @param port    the client port, or 0 for any free one
     * @throws IllegalStateException when the port is taken or the broker does not become ready within 60 s
     */
    public static EmbeddedKafkaBroker start(Path dataDir, int port) {
        long started = System.nanoTime();
        int clientPort = port == 0 ? freePort() : requireFree(port);
        int controllerPort = freePort();
        Path logDir = dataDir.resolve("kraft-combined-logs");
        Properties props = serverProperties(logDir, clientPort, controllerPort);
        try {
            Files.createDirectories(logDir);
            format(dataDir, props);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare Kafka data directory " + dataDir, e);
        }
        KafkaRaftServer server = new KafkaRaftServer(KafkaConfig.fromProps(props, false), Time.SYSTEM);
        server.startup();
        String bootstrap = HOST + ":" + clientPort;
        EmbeddedKafkaBroker broker = new EmbeddedKafkaBroker(server, bootstrap, dataDir);
        try {
            broker.awaitReady();
        } catch (RuntimeException e) {
            broker.close();
            throw e;
        }
        log.info("Kafka broker ready at {} in {} ms (data in {})", bootstrap,
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started), dataDir);
        return broker;
    }

    /** {@code host:port} for clients. */
    public String bootstrapServers() {
        return bootstrapServers;
    }

    public Path dataDir() {
        return dataDir;
    }

    /** Stops the broker and waits until it has stopped. Idempotent. */
    @Override
    public synchronized void close() {
        server.shutdown();
        server.awaitShutdown();
    }

    private void awaitReady() {
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
            while (true) {
                try {
                    if (!admin.describeCluster().nodes().get(5, TimeUnit.SECONDS).isEmpty()) return;
                } catch (Exception e) {
                    if (System.nanoTime() > deadline) {
                        throw new IllegalStateException("Kafka broker at " + bootstrapServers + " not ready within "
                                + READY_TIMEOUT.toSeconds() + " s", e);
                    }
                }
            }
        }
    }

    private static Properties serverProperties(Path logDir, int clientPort, int controllerPort) {
        Properties p = new Properties();
        p.put("process.roles", "broker,controller");
        p.put("node.id", "1");
        p.put("controller.quorum.voters", "1@" + HOST + ":" + controllerPort);
        p.put("listeners", "PLAINTEXT://" + HOST + ":" + clientPort + ",CONTROLLER://" + HOST + ":" + controllerPort);
        p.put("advertised.listeners", "PLAINTEXT://" + HOST + ":" + clientPort);
        p.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        p.put("controller.listener.names", "CONTROLLER");
        p.put("inter.broker.listener.name", "PLAINTEXT");
        p.put("log.dirs", logDir.toAbsolutePath().toString());
        p.put("auto.create.topics.enable", "false");
        p.put("num.partitions", "1");
        p.put("default.replication.factor", "1");
        p.put("min.insync.replicas", "1");
        p.put("offsets.topic.replication.factor", "1");
        p.put("offsets.topic.num.partitions", "10");
        p.put("transaction.state.log.replication.factor", "1");
        p.put("transaction.state.log.min.isr", "1");
        p.put("transaction.state.log.num.partitions", "10");
        p.put("share.coordinator.state.topic.replication.factor", "1");
        p.put("share.coordinator.state.topic.min.isr", "1");
        p.put("group.initial.rebalance.delay.ms", "0");
        p.put("group.streams.initial.rebalance.delay.ms", "0");
        // streams processes may use session timeouts of a second or two (streams.session-timeout): fast failover
        p.put("group.min.session.timeout.ms", "500");
        p.put("group.streams.min.session.timeout.ms", "500");
        p.put("group.streams.min.heartbeat.interval.ms", "100");
        p.put("unclean.leader.election.enable", "false");
        return p;
    }

    /** Runs Kafka's own storage tool on a new directory; a formatted one (it has meta.properties) keeps its cluster id. */
    private static void format(Path dataDir, Properties props) throws IOException {
        if (Files.exists(Path.of(props.getProperty("log.dirs"), "meta.properties"))) return;
        Path config = dataDir.resolve("server.properties");
        try (Writer writer = Files.newBufferedWriter(config, StandardCharsets.UTF_8)) {
            props.store(writer, "Written by EmbeddedKafkaBroker on every start; edits are lost.");
        }
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        int status = StorageTool.execute(new String[]{"format", "-t", Uuid.randomUuid().toString(), "-c",
                config.toString(), "--ignore-formatted"}, new PrintStream(output, true, StandardCharsets.UTF_8));
        if (status != 0) {
            throw new IllegalStateException("formatting " + dataDir + " failed: " + output.toString(StandardCharsets.UTF_8));
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 50, java.net.InetAddress.getByName(HOST))) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free port", e);
        }
    }

    private static int requireFree(int port) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(HOST, port));
            return port;
        } catch (IOException e) {
            throw new IllegalStateException("port " + port + " for the embedded Kafka broker is in use; "
                    + "stop what holds it or set another port", e);
        }
    }
}
