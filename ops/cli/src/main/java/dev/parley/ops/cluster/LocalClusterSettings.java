package dev.parley.ops.cluster;

import dev.parley.config.Setting;

import java.time.Duration;
import java.util.List;

/** Settings of the supervisor of {@code ops/parley cluster} ({@link LocalCluster}), not of the nodes it runs. */
public final class LocalClusterSettings {
    public static final Setting<Duration> START_TIMEOUT = Setting.ofDuration("local-cluster.start-timeout",
            Duration.ofMinutes(3), "How long ops/parley cluster waits for every node to be healthy before it stops what "
                    + "it started and fails.");
    public static final Setting<Duration> STOP_GRACE = Setting.ofDuration("local-cluster.stop-grace",
            Duration.ofSeconds(20), "How long a node of ops/parley cluster gets to stop after SIGTERM before it is "
                    + "killed with SIGKILL.");
    public static final Setting<Duration> LAST_BROKER_STOP_GRACE = Setting.ofDuration("local-cluster.last-broker-stop-grace",
            Duration.ofSeconds(5), "How long the last broker of ops/parley cluster gets to stop after SIGTERM (it cannot "
                    + "finish a controlled shutdown once the other controllers are gone) before SIGKILL.");
    public static final Setting<Duration> HEALTH_TIMEOUT = Setting.ofDuration("local-cluster.health-timeout",
            Duration.ofSeconds(2), "How long one health check of a node of ops/parley cluster (a connection, a request) "
                    + "may take before the node counts as unhealthy.");
    public static final Setting<String> JAVA_OPTIONS = Setting.ofString("local-cluster.java-options",
            "-Xmx512m -XX:+UseSerialGC", "JVM options (space-separated) of each broker, streams and gateway process of "
                    + "ops/parley cluster.");
    public static final Setting<String> HAPROXY = Setting.ofString("local-cluster.haproxy", "/usr/sbin/haproxy",
            "The HAProxy binary ops/parley cluster runs as its balancer (Debian: apt-get install haproxy).");

    public static final List<Setting<?>> ALL = List.of(START_TIMEOUT, STOP_GRACE, LAST_BROKER_STOP_GRACE, HEALTH_TIMEOUT, JAVA_OPTIONS, HAPROXY);

    private LocalClusterSettings() {
    }
}
