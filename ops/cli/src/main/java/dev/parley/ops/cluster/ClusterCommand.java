package dev.parley.ops.cluster;

import dev.parley.config.Settings;
import dev.parley.ops.ConfigOption;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code parley cluster}: a real multi-process deployment on this machine ({@link LocalCluster} on
 * {@link ClusterLayout#defaults()}), until Ctrl-C; its subcommands act on a running one from another terminal.
 */
@Command(name = "cluster", mixinStandardHelpOptions = true,
        description = {"Start 3 Kafka controllers, 3 brokers, 2 streams processes, 2 gateways and HAProxy in front of them, each its own "
                + "process on its own port; Ctrl-C stops them in order. Data and logs under --data.",
                "The subcommands act on the cluster running from --data, from another terminal."},
        subcommands = {ClusterCommand.Status.class, ClusterCommand.Kill.class, ClusterCommand.Start.class,
                ClusterCommand.Stop.class})
public final class ClusterCommand implements Callable<Integer> {
    static final String DEFAULT_DATA = "data/cluster";

    @Mixin
    ConfigOption config;

    @Option(names = "--data", paramLabel = "DIR", defaultValue = DEFAULT_DATA,
            description = "The cluster's data directory (default: ${DEFAULT-VALUE}).")
    Path data;

    @Option(names = "--node-setting", paramLabel = "KEY=VALUE",
            description = "A Parley setting for every streams process and gateway (repeatable), e.g. raised limits for a "
                    + "benchmark: gateway.rest.rate-limit.message-posts=1000000/1s. The nodes' own ports, ids and secrets win.")
    Map<String, String> nodeSettings = new LinkedHashMap<>();

    @Override
    public Integer call() throws InterruptedException {
        dev.parley.ops.ClusterOptions.quietConnectionWarnings();
        Settings settings = config.settings();
        ClusterLayout layout = ClusterLayout.defaults().withSupervision(settings);
        for (Map.Entry<String, String> setting : nodeSettings.entrySet()) {
            layout = layout.withNodeSetting(setting.getKey(), setting.getValue());
        }
        System.out.println("parley cluster: starting 3 controllers, 3 brokers, 2 streams processes, 2 gateways and the balancer (data in "
                + data.toAbsolutePath() + ") ...");
        LocalCluster cluster = LocalCluster.start(layout, data);
        System.out.print(banner(cluster));
        cluster.awaitClosed();
        return 0;
    }

    static String banner(LocalCluster cluster) {
        Duration took = cluster.startupTime();
        Path dir = cluster.dataDir();
        StringBuilder out = new StringBuilder("\n");
        out.append(String.format("Parley cluster up in %.1f s.%n", took.toMillis() / 1000.0));
        out.append("  Gateway    ").append(cluster.gatewayUrl()).append("/?v=10&encoding=json   (HAProxy, round-robin)\n");
        out.append("  REST       ").append(cluster.publicUrl()).append("/api/v10   (HAProxy, by Authorization header)\n");
        out.append("  Register   curl -s -X POST ").append(cluster.publicUrl())
                .append("/api/v10/auth/register -H 'Content-Type: application/json' -d '{\"username\": \"alice\"}'\n");
        out.append("  Kafka      ").append(cluster.bootstrapServers()).append('\n');
        out.append(cluster.status().table().indent(2));
        out.append("  Status     ops/parley cluster status [--json]     Kill / revive   ops/parley cluster kill|start NODE\n");
        out.append("  Secrets    ").append(dir).append("/{admin-token,metrics-token,token-secret,cluster-secret}\n");
        out.append("  Logs       ").append(dir.resolve(LocalCluster.LOGS_DIR)).append("/<node>.log\n");
        out.append("  Stop       Ctrl-C (or ops/parley cluster stop)\n\n");
        return out.toString();
    }

    /** Shared by the subcommands. */
    static class DataOption {
        @Option(names = "--data", paramLabel = "DIR", defaultValue = DEFAULT_DATA,
                description = "The data directory of the running cluster (default: ${DEFAULT-VALUE}).")
        Path data;
    }

    @Command(name = "status", mixinStandardHelpOptions = true,
            description = "Every node of the running cluster: role, name, ports, PID, health. Exits 0 when all are "
                    + "healthy, 3 when some are not.")
    static final class Status implements Callable<Integer> {
        @Mixin
        DataOption data;

        @Option(names = "--json", description = "Print the status as JSON (the format of cluster.json, with health).")
        boolean json;

        @Override
        public Integer call() {
            ClusterState status = ControlClient.of(data.data).status();
            System.out.print(json ? status.toJson() + "\n" : status.table());
            return status.allHealthy() ? 0 : 3;
        }
    }

    @Command(name = "kill", mixinStandardHelpOptions = true,
            description = "SIGKILL one node of the running cluster, as a crash (controller-1..3, broker-1..3, streams-1..2, gateway-1..2, balancer).")
    static final class Kill implements Callable<Integer> {
        @Mixin
        DataOption data;

        @Parameters(paramLabel = "NODE")
        String node;

        @Override
        public Integer call() {
            ControlClient.of(data.data).node(node, "kill");
            System.out.println(node + " killed");
            return 0;
        }
    }

    @Command(name = "start", mixinStandardHelpOptions = true,
            description = "Start one stopped node of the running cluster again, with the same configuration and data, "
                    + "and wait until it is healthy.")
    static final class Start implements Callable<Integer> {
        @Mixin
        DataOption data;

        @Parameters(paramLabel = "NODE")
        String node;

        @Option(names = "--wait", paramLabel = "SECONDS", defaultValue = "120",
                description = "How long to wait for it to be healthy; 0 returns at once (default: ${DEFAULT-VALUE}).")
        int waitSeconds;

        @Override
        public Integer call() throws InterruptedException {
            ControlClient control = ControlClient.of(data.data);
            control.node(node, "start");
            long deadline = System.nanoTime() + Duration.ofSeconds(waitSeconds).toNanos();
            while (true) {
                ClusterState.NodeState state = control.status().node(node).orElseThrow();
                if (Boolean.TRUE.equals(state.healthy())) {
                    System.out.println(node + " started (PID " + state.pid() + "), healthy: " + state.detail());
                    return 0;
                }
                if (System.nanoTime() > deadline) {
                    System.out.println(node + " started (PID " + state.pid() + "), not healthy yet: " + state.detail());
                    return waitSeconds == 0 ? 0 : 3;
                }
                Thread.sleep(500);
            }
        }
    }

    @Command(name = "stop", mixinStandardHelpOptions = true,
            description = "Stop the running cluster in order, as Ctrl-C in its terminal does.")
    static final class Stop implements Callable<Integer> {
        @Mixin
        DataOption data;

        @Override
        public Integer call() throws InterruptedException {
            ClusterState state = ClusterState.read(data.data).orElseThrow();
            ControlClient.of(data.data).stop();
            System.out.println("stopping the cluster (supervisor PID " + state.supervisorPid() + ") ...");
            ProcessHandle.of(state.supervisorPid()).ifPresent(p -> p.onExit().join());
            System.out.println("stopped");
            return 0;
        }
    }
}
