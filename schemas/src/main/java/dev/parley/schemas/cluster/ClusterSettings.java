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

    public static final List<Setting<?>> ALL = List.of(SECRET);

    private ClusterSettings() {
    }
}
