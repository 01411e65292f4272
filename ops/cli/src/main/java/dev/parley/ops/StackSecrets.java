package dev.parley.ops;

import dev.parley.config.Setting;
import dev.parley.config.Settings;
import dev.parley.gateway.GatewaySettings;
import dev.parley.gateway.auth.AuthSettings;
import dev.parley.schemas.cluster.ClusterSettings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.Set;

/**
 * The secrets of a local stack: {@code auth.token-secret} (signs tokens), {@code cluster.secret} (the internal
 * listeners' credential) and {@code cluster.metrics-token} (Prometheus's, for {@code /metrics} only). A configured one
 * is used as it is; an empty one is generated once into {@code <data.dir>/token-secret}, {@code <data.dir>/cluster-secret}
 * or {@code <data.dir>/metrics-token} and reused, so tokens and scrape configurations survive restarts. The files are readable by their owner only (0600): created so, and an existing
 * file that others could read is narrowed to 0600 before use. On a file system without POSIX permissions the
 * files are created with its defaults. The local cluster ({@code dev.parley.ops.cluster}) keeps its own, and its
 * {@code gateway.admin.token} too ({@link #ensureAdminToken}), the same way.
 */
public final class StackSecrets {
    static final String TOKEN_FILE = "token-secret";
    static final String CLUSTER_FILE = "cluster-secret";
    static final String METRICS_FILE = "metrics-token";
    static final String ADMIN_FILE = "admin-token";
    private static final Logger log = LoggerFactory.getLogger(StackSecrets.class);
    private static final Set<PosixFilePermission> OWNER_ONLY = EnumSet.of(PosixFilePermission.OWNER_READ,
            PosixFilePermission.OWNER_WRITE);

    private StackSecrets() {
    }

    /** {@code settings} with {@code auth.token-secret}, {@code cluster.secret} and {@code cluster.metrics-token} filled in. */
    public static Settings ensure(Settings settings) {
        return ensure(ensureClusterSecret(ensureTokenSecret(settings)), ClusterSettings.METRICS_TOKEN, METRICS_FILE);
    }

    /** {@code settings} with {@code gateway.admin.token} filled in, from {@code <data.dir>/admin-token}. */
    public static Settings ensureAdminToken(Settings settings) {
        return ensure(settings, GatewaySettings.ADMIN_TOKEN, ADMIN_FILE);
    }

    /** {@code settings} with {@code auth.token-secret} filled in. */
    static Settings ensureTokenSecret(Settings settings) {
        return ensure(settings, AuthSettings.TOKEN_SECRET, TOKEN_FILE);
    }

    /** {@code settings} with {@code cluster.secret} filled in. */
    static Settings ensureClusterSecret(Settings settings) {
        return ensure(settings, ClusterSettings.SECRET, CLUSTER_FILE);
    }

    private static Settings ensure(Settings settings, Setting<String> secret, String fileName) {
        if (!settings.get(secret).isBlank()) return settings;
        Path file = Path.of(settings.get(StackSettings.DATA_DIR)).resolve(fileName);
        try {
            if (!Files.exists(file)) create(file);
            ownerOnly(file);
            return settings.with(secret, Files.readString(file, StandardCharsets.US_ASCII).strip());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or create " + file + " (" + secret.key() + ")", e);
        }
    }

    /** Writes a new random secret into {@code file}, which is created with 0600; another process may win the race. */
    private static void create(Path file) throws IOException {
        byte[] random = new byte[32];
        new SecureRandom().nextBytes(random);
        Files.createDirectories(file.toAbsolutePath().getParent());
        try {
            if (posix(file)) Files.createFile(file, PosixFilePermissions.asFileAttribute(OWNER_ONLY));
            else Files.createFile(file);
        } catch (FileAlreadyExistsException e) {
            return; // created meanwhile: use that one
        }
        Files.writeString(file, HexFormat.of().formatHex(random), StandardCharsets.US_ASCII);
    }

    /** Narrows an existing secret file that its group or others may read or write to 0600. */
    private static void ownerOnly(Path file) throws IOException {
        if (!posix(file)) return;
        Set<PosixFilePermission> current = Files.getPosixFilePermissions(file);
        if (current.equals(OWNER_ONLY)) return;
        log.warn("{} was {}; narrowing it to rw------- (0600)", file, PosixFilePermissions.toString(current));
        Files.setPosixFilePermissions(file, OWNER_ONLY);
    }

    private static boolean posix(Path file) throws IOException {
        Path existing = file.toAbsolutePath();
        while (existing != null && !Files.exists(existing)) existing = existing.getParent();
        return existing != null && Files.getFileStore(existing).supportsFileAttributeView(PosixFileAttributeView.class);
    }
}
