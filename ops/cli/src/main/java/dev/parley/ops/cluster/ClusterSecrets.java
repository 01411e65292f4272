package dev.parley.ops.cluster;

import dev.parley.config.Settings;
import dev.parley.gateway.GatewaySettings;
import dev.parley.gateway.auth.AuthSettings;
import dev.parley.ops.StackSecrets;
import dev.parley.ops.StackSettings;
import dev.parley.schemas.cluster.ClusterSettings;

import java.nio.file.Path;

/**
 * The secrets every node of a local cluster shares, generated once into its data directory by {@link StackSecrets}
 * (files {@code token-secret}, {@code cluster-secret}, {@code metrics-token} and {@code admin-token}, 0600) and
 * reused on every start, so tokens, scrape configurations and the operator's admin token survive restarts.
 */
record ClusterSecrets(String tokenSecret, String clusterSecret, String metricsToken, String adminToken) {

    /** @throws java.io.UncheckedIOException when a file cannot be read or created */
    static ClusterSecrets ensure(Path dataDir) {
        Settings settings = StackSecrets.ensureAdminToken(StackSecrets.ensure(
                Settings.defaults().with(StackSettings.DATA_DIR, dataDir.toString())));
        return new ClusterSecrets(settings.get(AuthSettings.TOKEN_SECRET), settings.get(ClusterSettings.SECRET),
                settings.get(ClusterSettings.METRICS_TOKEN), settings.get(GatewaySettings.ADMIN_TOKEN));
    }

    @Override
    public String toString() {
        return "ClusterSecrets[...]"; // never printed
    }
}
