package dev.parley.ops.cluster;

import dev.parley.ops.cluster.ClusterNode.Health;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.clients.admin.DescribeMetadataQuorumOptions;
import org.apache.kafka.clients.admin.DescribeTopicsOptions;
import org.apache.kafka.clients.admin.ListTopicsOptions;
import org.apache.kafka.clients.admin.QuorumInfo;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.TopicPartitionInfo;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;

/**
 * The health check of each kind of node, each bounded by {@code local-cluster.health-timeout}:
 * <ul>
 *   <li><b>controller</b>: its port accepts a connection and the quorum, asked through the brokers, has a leader:
 *       this controller, or one it has caught up with in the last {@link #CAUGHT_UP_WITHIN}. (An admin client
 *       bootstrapped from the controllers themselves stopped finding any node once the leader it knew was killed.)</li>
 *   <li><b>broker</b>: its client port accepts a connection, the cluster's metadata lists it (registered with the
 *       controller quorum and not fenced), and it is in the ISR of every partition it holds a replica of: a restarted
 *       broker is healthy once it has caught up, so that losing another one then costs no partition its
 *       {@code min.insync.replicas};</li>
 *   <li><b>streams</b>: its state query API answers {@code GET /metrics} (with the metrics token) 200, which it does
 *       once its apps are served (503 before), and every app's {@code parley_streams_app_running} gauge there is 1
 *       (RUNNING, not rebalancing);</li>
 *   <li><b>gateway</b>: {@code GET /healthz} on its public port answers 200 (ready), asked as the balancer asks it:
 *       the connection starts with a PROXY protocol header;</li>
 *   <li><b>balancer</b>: HAProxy's statistics page answers, and it counts how many gateways it has up.</li>
 * </ul>
 */
final class HealthChecks implements AutoCloseable {
    static final String APP_RUNNING = "parley_streams_app_running";
    /** A follower controller is healthy when it was last caught up with the quorum's leader at most this long ago. */
    static final Duration CAUGHT_UP_WITHIN = Duration.ofSeconds(5);
    /** How many partitions a broker's detail names when it is out of their ISR. */
    private static final int NAMED_PARTITIONS = 3;
    private final String host;
    private final Duration timeout;
    private final HttpClient http;
    private final Admin admin;

    HealthChecks(ClusterLayout layout) {
        this.host = layout.host();
        this.timeout = layout.healthTimeout();
        this.http = HttpClient.newBuilder().connectTimeout(timeout).build();
        int millis = (int) Math.max(1000, timeout.toMillis());
        this.admin = Admin.create(Map.of(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, layout.bootstrapServers(),
                CommonClientConfigs.CLIENT_ID_CONFIG, "parley-cluster-health",
                CommonClientConfigs.REQUEST_TIMEOUT_MS_CONFIG, millis,
                CommonClientConfigs.DEFAULT_API_TIMEOUT_MS_CONFIG, millis,
                CommonClientConfigs.RECONNECT_BACKOFF_MAX_MS_CONFIG, 1000));
    }

    /** Whether {@code port} accepts a connection within the timeout. */
    private boolean accepts(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(host, port), (int) timeout.toMillis());
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    Health controller(ClusterLayout.Controller controller) {
        if (!accepts(controller.port())) return Health.down("quorum port " + controller.port() + " refused");
        try {
            QuorumInfo quorum = admin.describeMetadataQuorum(new DescribeMetadataQuorumOptions().timeoutMs((int) timeout.toMillis()))
                    .quorumInfo().get(timeout.toMillis() + 500, TimeUnit.MILLISECONDS);
            List<Voter> voters = quorum.voters().stream()
                    .map(v -> new Voter(v.replicaId(), v.logEndOffset(), v.lastCaughtUpTimestamp())).toList();
            return quorumMember(quorum.leaderId(), quorum.leaderEpoch(), voters, controller.nodeId(), System.currentTimeMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Health.down("interrupted");
        } catch (Exception e) {
            return Health.down("cannot ask the quorum through the brokers: " + rootMessage(e));
        }
    }

    /** One voter of the metadata quorum as its leader sees it ({@link QuorumInfo.ReplicaState}). */
    record Voter(int id, long logEndOffset, OptionalLong lastCaughtUpMillis) {
    }

    /**
     * Whether voter {@code nodeId} leads the quorum or was caught up with its leader within {@link #CAUGHT_UP_WITHIN}
     * of {@code nowMillis}.
     */
    static Health quorumMember(int leaderId, long leaderEpoch, List<Voter> voters, int nodeId, long nowMillis) {
        if (leaderId == nodeId) return Health.up("quorum leader (epoch " + leaderEpoch + ", " + voters.size() + " voters)");
        Voter self = voters.stream().filter(v -> v.id() == nodeId).findFirst().orElse(null);
        if (self == null) return Health.down("not a voter of the quorum");
        boolean fresh = self.lastCaughtUpMillis().isPresent()
                && nowMillis - self.lastCaughtUpMillis().getAsLong() <= CAUGHT_UP_WITHIN.toMillis();
        if (fresh) return Health.up("following leader " + leaderId + " (epoch " + leaderEpoch + "), caught up");
        String behind = voters.stream().filter(v -> v.id() == leaderId).findFirst()
                .map(leader -> " by " + Math.max(0, leader.logEndOffset() - self.logEndOffset()) + " records").orElse("");
        return Health.down("behind leader " + leaderId + behind);
    }

    Health broker(ClusterLayout.Broker broker) {
        if (!accepts(broker.port())) return Health.down("client port " + broker.port() + " refused");
        try {
            Collection<Node> nodes = admin.describeCluster(new DescribeClusterOptions().timeoutMs((int) timeout.toMillis()))
                    .nodes().get(timeout.toMillis() + 500, TimeUnit.MILLISECONDS);
            boolean listed = nodes.stream().anyMatch(n -> n.id() == broker.nodeId());
            if (!listed) return Health.down("not in the cluster's metadata yet (" + nodes.size() + " brokers)");
            Collection<String> topics = admin.listTopics(new ListTopicsOptions().listInternal(true).timeoutMs((int) timeout.toMillis()))
                    .names().get(timeout.toMillis() + 500, TimeUnit.MILLISECONDS);
            Collection<TopicDescription> described = topics.isEmpty() ? List.of()
                    : admin.describeTopics(topics, new DescribeTopicsOptions().timeoutMs((int) timeout.toMillis()))
                    .allTopicNames().get(timeout.toMillis() + 500, TimeUnit.MILLISECONDS).values();
            return inSync(described, broker.nodeId(), nodes.size());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Health.down("interrupted");
        } catch (Exception e) {
            return Health.down("no cluster metadata: " + rootMessage(e));
        }
    }

    /** Whether broker {@code nodeId} is in the ISR of every partition of {@code topics} it holds a replica of. */
    static Health inSync(Collection<TopicDescription> topics, int nodeId, int brokers) {
        int held = 0;
        List<String> behind = new ArrayList<>();
        for (TopicDescription topic : topics) {
            for (TopicPartitionInfo p : topic.partitions()) {
                if (p.replicas().stream().noneMatch(n -> n.id() == nodeId)) continue;
                held++;
                if (p.isr().stream().noneMatch(n -> n.id() == nodeId)) behind.add(topic.name() + "-" + p.partition());
            }
        }
        if (!behind.isEmpty()) {
            return Health.down("catching up: out of the ISR of " + behind.size() + " of its " + held + " partitions (e.g. "
                    + String.join(", ", behind.subList(0, Math.min(NAMED_PARTITIONS, behind.size()))) + ")");
        }
        return Health.up("in the cluster (" + brokers + " brokers), in sync on its " + held + " partitions");
    }

    Health streams(ClusterLayout.Streams streams, String metricsToken) {
        try {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(
                            URI.create("http://" + host + ":" + streams.queryPort() + "/metrics"))
                    .timeout(timeout).header("Authorization", "Bearer " + metricsToken).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) return Health.down("apps not served yet (/metrics " + response.statusCode() + ")");
            return appsRunning(response.body());
        } catch (IOException e) {
            return Health.down("state query API not answering: " + rootMessage(e));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Health.down("interrupted");
        }
    }

    /**
     * Healthy when every app's {@value #APP_RUNNING} gauge in a {@code /metrics} page is 1 (its Kafka Streams client
     * RUNNING, not rebalancing); a page without the gauge counts as healthy (served).
     */
    static Health appsRunning(String metrics) {
        java.util.List<String> running = new java.util.ArrayList<>();
        java.util.List<String> not = new java.util.ArrayList<>();
        for (String line : metrics.lines().toList()) {
            if (!line.startsWith(APP_RUNNING + "{")) continue;
            int app = line.indexOf("app=\"");
            String name = app < 0 ? "?" : line.substring(app + 5, line.indexOf('"', app + 5));
            String value = line.substring(line.lastIndexOf(' ') + 1);
            double v;
            try {
                v = Double.parseDouble(value);
            } catch (NumberFormatException e) {
                v = 0;
            }
            (v >= 1 ? running : not).add(name);
        }
        if (!not.isEmpty()) return Health.down("apps not running: " + String.join(", ", not));
        return Health.up(running.isEmpty() ? "apps served (/metrics 200)" : running.size() + " apps running");
    }

    Health gateway(ClusterLayout.Gateway gateway) {
        try (Socket socket = new Socket()) {
            int millis = (int) timeout.toMillis();
            socket.connect(new InetSocketAddress(host, gateway.port()), millis);
            socket.setSoTimeout(millis);
            OutputStream out = socket.getOutputStream();
            int local = socket.getLocalPort();
            out.write(("PROXY TCP4 " + host + " " + host + " " + local + " " + gateway.port() + "\r\n"
                    + "GET /healthz HTTP/1.1\r\nHost: " + host + ":" + gateway.port() + "\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            String status = statusLine(socket.getInputStream());
            String[] parts = status.split(" ");
            if (parts.length >= 2 && parts[1].equals("200")) return Health.up("ready (/healthz 200)");
            return Health.down("not ready (/healthz " + (parts.length >= 2 ? parts[1] : status) + ")");
        } catch (IOException e) {
            return Health.down("public port " + gateway.port() + " not answering: " + rootMessage(e));
        }
    }

    Health balancer(ClusterLayout layout) {
        try {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create("http://" + host + ":"
                            + layout.balancer().statsPort() + HaproxyConfig.STATS_PATH + ";csv")).timeout(timeout).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) return Health.down("statistics answered " + response.statusCode());
            long up = response.body().lines().filter(line -> line.startsWith(HaproxyConfig.REST_BACKEND + ","))
                    .map(line -> line.split(",", -1))
                    .filter(fields -> fields.length > 17 && !fields[1].equals("BACKEND") && !fields[1].equals("FRONTEND"))
                    .filter(fields -> fields[17].startsWith("UP")).count();
            return Health.up(up + " of " + layout.gateways().size() + " gateways up");
        } catch (IOException e) {
            return Health.down("statistics not answering: " + rootMessage(e));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Health.down("interrupted");
        }
    }

    private static String statusLine(InputStream in) throws IOException {
        StringBuilder line = new StringBuilder();
        int c;
        while ((c = in.read()) != -1 && c != '\n' && line.length() < 200) line.append((char) c);
        if (line.isEmpty()) throw new IOException("closed without an answer");
        return line.toString().strip();
    }

    static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null) root = root.getCause();
        return root.getMessage() != null ? root.getMessage() : root.getClass().getSimpleName();
    }

    @Override
    public void close() {
        admin.close(Duration.ofSeconds(2));
    }
}
