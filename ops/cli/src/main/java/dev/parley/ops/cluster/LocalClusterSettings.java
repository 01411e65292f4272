package dev.parley.ops.cluster;

import dev.parley.config.Setting;

import java.time.Duration;
import java.util.List;

/** Settings of the supervisor of {@code ops/parley cluster} ({@link LocalCluster}), not of the nodes it runs. */
public final class LocalClusterSettings {
    public static final Setting<Duration> START_TIMEOUT = Setting.ofDuration("local-cluster.start-timeout",
            Duration.ofMinutes(3), "How long ops/parley cluster waits for every node to be healthy before it stops what "
                    + "it started and fails.");
    public static final Setting<Duration> SETTLE_TIME = Setting.ofDuration("local-cluster.settle-time",
            Duration.ofSeconds(5), "How long every node of ops/parley cluster must stay healthy without a break (the "
                    + "streams apps' first rebalances over) before the cluster counts as up.");
    public static final Setting<Duration> STOP_GRACE = Setting.ofDuration("local-cluster.stop-grace",
            Duration.ofSeconds(20), "How long a node of ops/parley cluster gets to stop after SIGTERM before it is "
                    + "killed with SIGKILL.");
    public static final Setting<Duration> HEALTH_TIMEOUT = Setting.ofDuration("local-cluster.health-timeout",
            Duration.ofSeconds(2), "How long one health check of a node of ops/parley cluster (a connection, a request) "
                    + "may take before the node counts as unhealthy.");
    public static final Setting<String> JAVA_OPTIONS = Setting.ofString("local-cluster.java-options",
            "-Xmx512m -XX:+UseSerialGC -XX:TieredStopAtLevel=1", "JVM options (space-separated) of each controller, "
                    + "broker, streams and gateway process of ops/parley cluster; C1 only by default, as ten JVMs starting "
                    + "together on two cores spend most of their start compiling (drop it to measure peak throughput).");
    public static final Setting<String> HAPROXY = Setting.ofString("local-cluster.haproxy", "/usr/sbin/haproxy",
            "The HAProxy binary ops/parley cluster runs as its balancer (Debian: apt-get install haproxy).");

    public static final List<Setting<?>> ALL = List.of(START_TIMEOUT, SETTLE_TIME, STOP_GRACE, HEALTH_TIMEOUT, JAVA_OPTIONS, HAPROXY);

    private LocalClusterSettings() {
    }
}
