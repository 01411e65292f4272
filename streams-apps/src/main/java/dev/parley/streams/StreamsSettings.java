package dev.parley.streams;

import dev.parley.config.Setting;

import java.time.Duration;
import java.util.List;

/** Settings shared by every Kafka Streams app. */
public final class StreamsSettings {
    public static final Setting<String> PROCESSING_GUARANTEE = Setting.ofString("streams.processing-guarantee",
            "at_least_once", "Kafka Streams processing.guarantee: at_least_once or exactly_once_v2. Events carry "
                    + "stable ids, so a replayed event is a harmless duplicate.");
    public static final Setting<Duration> COMMIT_INTERVAL = Setting.ofDuration("streams.commit-interval",
            Duration.ofMillis(100), "How often Kafka Streams commits offsets (and, with exactly_once_v2, transactions).");
    public static final Setting<Integer> THREADS = Setting.ofInt("streams.threads", 1,
            "Stream threads per app instance.");
    public static final Setting<Integer> STANDBY_REPLICAS = Setting.ofInt("streams.standby-replicas", 0,
            "Warm copies of each store on other instances; 1 or more in production so a lost instance fails over in seconds.");
    public static final Setting<Long> CACHE_BYTES = Setting.ofBytes("streams.cache-max-bytes", 0,
            "Record cache for all threads of an app; 0 forwards every update at once (lowest latency).");

    public static final Setting<Duration> SESSION_TIMEOUT = Setting.ofDuration("streams.session-timeout",
            Duration.ofSeconds(45), "How long the brokers wait for a silent streams process before its tasks move to another "
                    + "(the apps' consumer session.timeout.ms): the bound on failover after a crash. Below 6 s the brokers' "
                    + "group.min.session.timeout.ms must be lowered too.");
    public static final Setting<Duration> HEARTBEAT_INTERVAL = Setting.ofDuration("streams.heartbeat-interval",
            Duration.ofSeconds(3), "How often a streams process tells the brokers it is alive (heartbeat.interval.ms); "
                    + "at most a third of streams.session-timeout.");

    public static final Setting<Long> ACCEPTABLE_RECOVERY_LAG = Setting.ofLong("streams.acceptable-recovery-lag", 10,
            "How far (records) an instance's copy of a task's stores may be behind for it to take the task at once "
                    + "(acceptable.recovery.lag); one further behind, e.g. a restarted instance, first catches up as a warm-up "
                    + "while the task runs where it is. Kafka's default, 10000, hands a just-restarted instance its tasks "
                    + "before its stores are open: measured, writes to them stalled for 17-35 s.");
    public static final Setting<Duration> PROBING_REBALANCE_INTERVAL = Setting.ofDuration("streams.probing-rebalance-interval",
            Duration.ofMinutes(1), "How often the apps check whether warm-ups have caught up, to move tasks back to them "
                    + "(probing.rebalance.interval.ms; at least 1 minute).");

    public static final Setting<String> GROUP_PROTOCOL = Setting.ofString("streams.group-protocol", "classic",
            "The apps' group protocol: classic (the consumer group's rebalances) or streams (KIP-1071: the brokers "
                    + "assign the tasks; a streams process then sets its groups' session timeout, heartbeat interval and "
                    + "standby replicas from streams.session-timeout, streams.heartbeat-interval and streams.standby-replicas).");

    public static final Setting<String> INSTANCE_ID = Setting.ofString("streams.instance-id", "",
            "This streams process's stable name in its apps' consumer groups (static membership: a restarted process takes "
                    + "its tasks back at once instead of after a rebalance); distinct per process, empty for none.");

    public static final Setting<Duration> PEER_CHECK_INTERVAL = Setting.ofDuration("streams.peer-check-interval",
            Duration.ofMillis(200), "How often a streams process connects to every other one's state query endpoint to "
                    + "notice a crash at once: after streams.peer-check-refusals refused connections in a row it removes "
                    + "the crashed process's members from the apps' groups, so its tasks move to the standbys without "
                    + "waiting for streams.session-timeout. Needs streams.instance-id (static membership) and the classic "
                    + "group protocol; 0 turns it off.");
    public static final Setting<Integer> PEER_CHECK_REFUSALS = Setting.ofInt("streams.peer-check-refusals", 2,
            "Refused connections in a row after which another streams process counts as crashed (see "
                    + "streams.peer-check-interval). A connection that times out is not counted.");
    public static final Setting<String> QUERY_HOST = Setting.ofString("streams.query-host", "127.0.0.1",
            "Address the state query API of a streams process binds to; loopback by default. Any other address needs "
                    + "cluster.secret, which every request must then carry.");
    public static final Setting<Integer> QUERY_PORT = Setting.ofInt("streams.query-port", 7070,
            "Port of the state query API (interactive queries for gateways); 0 picks a free one.");
    public static final Setting<String> QUERY_ADVERTISED_HOST = Setting.ofString("streams.query-advertised-host",
            "", "Host name other instances and gateways use to reach this process's state query API; empty: localhost "
                    + "when streams.query-host is a loopback address, this machine's host name when it is a wildcard "
                    + "(0.0.0.0), else streams.query-host itself. Each instance of a multi-host deployment advertises its own.");

    public static final List<Setting<?>> ALL = List.of(PROCESSING_GUARANTEE, COMMIT_INTERVAL, THREADS,
            STANDBY_REPLICAS, CACHE_BYTES, SESSION_TIMEOUT, HEARTBEAT_INTERVAL, ACCEPTABLE_RECOVERY_LAG, PROBING_REBALANCE_INTERVAL, GROUP_PROTOCOL, INSTANCE_ID, PEER_CHECK_INTERVAL, PEER_CHECK_REFUSALS, QUERY_HOST, QUERY_PORT, QUERY_ADVERTISED_HOST);

    /** The host this process advertises for its state query API: {@link #QUERY_ADVERTISED_HOST}, or one derived from the bind address. */
    public static String advertisedHost(dev.parley.config.Settings settings) {
        String configured = settings.get(QUERY_ADVERTISED_HOST).strip();
        if (!configured.isEmpty()) return configured;
        String bind = settings.get(QUERY_HOST).strip();
        try {
            java.net.InetAddress address = java.net.InetAddress.getByName(bind);
            if (address.isLoopbackAddress()) return "localhost";
            if (address.isAnyLocalAddress()) return java.net.InetAddress.getLocalHost().getHostName();
            return bind;
        } catch (java.net.UnknownHostException e) {
            return bind;
        }
    }

    private StreamsSettings() {
    }
}
