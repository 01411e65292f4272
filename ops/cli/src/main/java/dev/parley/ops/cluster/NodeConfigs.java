package dev.parley.ops.cluster;

import dev.parley.config.Setting;
import dev.parley.gateway.GatewaySettings;
import dev.parley.gateway.auth.AuthSettings;
import dev.parley.gateway.http.ListenerSettings;
import dev.parley.ops.StackSettings;
import dev.parley.schemas.KafkaSettings;
import dev.parley.schemas.cluster.ClusterSettings;
import dev.parley.streams.StreamsSettings;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The configuration file of each streams process and gateway of the local cluster: the layout's node settings
 * ({@link #CLUSTER_DEFAULTS} unless changed), then the node's own, which win: the brokers, its ports and ids, the
 * addresses it advertises, and the cluster's secrets. Gateways bind the loopback address only, take the client's
 * address from the balancer's PROXY protocol header (believed from the loopback address only), and give clients
 * the balancer's address.
 */
final class NodeConfigs {
    /** What every node of the local cluster runs with unless the layout says otherwise. */
    static final Map<String, String> CLUSTER_DEFAULTS = keys(
            AuthSettings.REGISTRATION_ENABLED, "true",
            AuthSettings.OPEN_GUILD_JOIN, "true",
            AuthSettings.PRIVILEGED_INTENTS_BOTS, "all",
            StreamsSettings.STANDBY_REPLICAS, "1",
            StreamsSettings.SESSION_TIMEOUT, "3s",
            StreamsSettings.HEARTBEAT_INTERVAL, "250ms",
            StreamsSettings.GROUP_PROTOCOL, "classic");

    private NodeConfigs() {
    }

    static Map<String, String> streams(ClusterLayout layout, ClusterLayout.Streams node, Path nodeDir, ClusterSecrets secrets) {
        Map<String, String> p = common(layout, nodeDir, secrets);
        put(p, StreamsSettings.INSTANCE_ID, node.name());
        put(p, StreamsSettings.QUERY_HOST, layout.host());
        put(p, StreamsSettings.QUERY_PORT, String.valueOf(node.queryPort()));
        put(p, StreamsSettings.QUERY_ADVERTISED_HOST, layout.host());
        return p;
    }

    static Map<String, String> gateway(ClusterLayout layout, ClusterLayout.Gateway node, Path nodeDir, ClusterSecrets secrets) {
        Map<String, String> p = common(layout, nodeDir, secrets);
        put(p, GatewaySettings.ID, node.name());
        put(p, GatewaySettings.WORKER_ID, String.valueOf(node.workerId()));
        put(p, GatewaySettings.HOST, layout.host());
        put(p, GatewaySettings.PORT, String.valueOf(node.port()));
        put(p, GatewaySettings.PUBLIC_URL, layout.gatewayUrl());
        put(p, GatewaySettings.ADMIN_HOST, layout.host());
        put(p, GatewaySettings.ADMIN_PORT, String.valueOf(node.adminPort()));
        put(p, GatewaySettings.ADMIN_TOKEN, secrets.adminToken());
        put(p, GatewaySettings.STATE_QUERY_URLS, layout.streams().stream()
                .map(s -> "http://" + layout.host() + ":" + s.queryPort()).collect(Collectors.joining(",")));
        put(p, ListenerSettings.PROXY_PROTOCOL, "true");
        put(p, ListenerSettings.PROXY_TRUSTED_SOURCES, layout.host() + "/32");
        return p;
    }

    private static Map<String, String> common(ClusterLayout layout, Path nodeDir, ClusterSecrets secrets) {
        Map<String, String> p = new LinkedHashMap<>(layout.nodeSettings());
        put(p, KafkaSettings.BOOTSTRAP_SERVERS, layout.bootstrapServers());
        put(p, StackSettings.DATA_DIR, nodeDir.toAbsolutePath().toString());
        put(p, AuthSettings.TOKEN_SECRET, secrets.tokenSecret());
        put(p, ClusterSettings.SECRET, secrets.clusterSecret());
        put(p, ClusterSettings.METRICS_TOKEN, secrets.metricsToken());
        return p;
    }

    private static void put(Map<String, String> properties, Setting<?> setting, String value) {
        properties.remove(setting.key()); // the node's own value goes last, where it is read
        properties.put(setting.key(), value);
    }

    private static Map<String, String> keys(Object... settingsAndValues) {
        Map<String, String> map = new LinkedHashMap<>();
        for (int i = 0; i < settingsAndValues.length; i += 2) {
            map.put(((Setting<?>) settingsAndValues[i]).key(), (String) settingsAndValues[i + 1]);
        }
        return map;
    }
}
