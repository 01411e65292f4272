package dev.parley.ops;

import dev.parley.config.Settings;
import dev.parley.gateway.auth.AuthSettings;
import dev.parley.schemas.cluster.ClusterSettings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The local stack's generated secrets are readable by their owner only. */
class StackSecretsTest {

    @Test
    void shouldGenerateTheTokenSecretClusterSecretAndMetricsTokenIntoFilesOnlyTheirOwnerCanRead(@TempDir Path dir)
            throws Exception {
        Path data = dir.resolve("data");
        Settings settings = StackSecrets.ensure(Settings.defaults().with(StackSettings.DATA_DIR, data.toString()));

        for (String name : new String[]{StackSecrets.TOKEN_FILE, StackSecrets.CLUSTER_FILE, StackSecrets.METRICS_FILE}) {
            Path file = data.resolve(name);
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)), name);
            assertTrue(Files.readString(file).strip().length() >= 32, name);
        }
        assertEquals(Files.readString(data.resolve(StackSecrets.TOKEN_FILE)).strip(), settings.get(AuthSettings.TOKEN_SECRET));
        assertEquals(Files.readString(data.resolve(StackSecrets.CLUSTER_FILE)).strip(), settings.get(ClusterSettings.SECRET));
        assertEquals(Files.readString(data.resolve(StackSecrets.METRICS_FILE)).strip(), settings.get(ClusterSettings.METRICS_TOKEN));
        assertNotEquals(settings.get(AuthSettings.TOKEN_SECRET), settings.get(ClusterSettings.SECRET));
        assertNotEquals(settings.get(ClusterSettings.SECRET), settings.get(ClusterSettings.METRICS_TOKEN),
                "Prometheus's token is not the cluster secret");

        Settings again = StackSecrets.ensure(Settings.defaults().with(StackSettings.DATA_DIR, data.toString()));
        assertEquals(settings.get(ClusterSettings.SECRET), again.get(ClusterSettings.SECRET), "generated once, then reused");
    }

    @Test
    void shouldNarrowAWorldReadableSecretFileBeforeUsingIt(@TempDir Path data) throws Exception {
        Path file = data.resolve(StackSecrets.CLUSTER_FILE);
        Files.writeString(file, "an-existing-cluster-secret-0123456789\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));

        Settings settings = StackSecrets.ensureClusterSecret(Settings.defaults().with(StackSettings.DATA_DIR, data.toString()));

        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        assertEquals("an-existing-cluster-secret-0123456789", settings.get(ClusterSettings.SECRET));
    }

    @Test
    void shouldWriteNoFileForAConfiguredSecret(@TempDir Path data) {
        Settings configured = Settings.defaults().with(StackSettings.DATA_DIR, data.toString())
                .with(AuthSettings.TOKEN_SECRET, "configured-token-secret-0123")
                .with(ClusterSettings.SECRET, "configured-cluster-secret-0123");

        Settings settings = StackSecrets.ensure(configured);

        assertEquals("configured-cluster-secret-0123", settings.get(ClusterSettings.SECRET));
        assertFalse(Files.exists(data.resolve(StackSecrets.TOKEN_FILE)));
        assertFalse(Files.exists(data.resolve(StackSecrets.CLUSTER_FILE)));
    }
}
