package dev.parley.schemas.cluster;

import dev.parley.config.Setting;

import java.util.List;

/** How the processes of one deployment recognise each other on their internal listeners. */
public final class ClusterSettings {
    /** The shared secret of {@link ClusterCredential}; empty only where every internal listener binds loopback. */
    public static final Setting<String> SECRET = Setting.ofString("cluster.secret", "",
            "Shared secret (16+ bytes) that gateways, streams processes and Prometheus present to the internal listeners "
                    + "(state query API, /metrics) as 'Authorization: Bearer <secret>'. Required when one of them binds a "
                    + "non-loopback address; the local stack generates one into <data.dir>/cluster-secret when empty.");
    /** The credential of {@link ClusterCredential#metrics}: {@code /metrics} only. */
    public static final Setting<String> METRICS_TOKEN = Setting.ofString("cluster.metrics-token", "",
            "Token (16+ bytes) Prometheus presents to /metrics (a gateway's admin listener, a streams process's state "
                    + "query API) as 'Authorization: Bearer <token>'; it opens /metrics only, never the state reads or "
                    + "/admin, so Prometheus need not hold cluster.secret (which /metrics still takes). The local stack "
                    + "generates one into <data.dir>/metrics-token when empty.");

    public static final List<Setting<?>> ALL = List.of(SECRET, METRICS_TOKEN);

    private ClusterSettings() {
    }
}
