package dev.parley.schemas.cluster;

import dev.parley.config.Settings;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/**
 * The credential the processes of one deployment present to each other's internal listeners (the streams
 * processes' state query API, the gateways' {@code /metrics}): {@code Authorization: Bearer <cluster.secret>}, the
 * header Prometheus sends with {@code authorization: {type: Bearer}}. A request is authorised by this credential,
 * never by what it says about itself. {@link #metrics} is the narrower one Prometheus is given instead
 * ({@code cluster.metrics-token}): the listeners take it on {@code /metrics} and nowhere else.
 *
 * <p>Without a secret ({@link #none()}) nothing carries or matches a credential; that is allowed only for
 * listeners bound to a loopback address ({@link #requireFor}). Immutable and thread-safe.
 */
public final class ClusterCredential {
    /** The request header that carries the credential. */
    public static final String HEADER = "Authorization";
    /** The shortest secret accepted, in UTF-8 bytes. */
    public static final int MIN_SECRET_BYTES = 16;
    private static final String SCHEME = "Bearer ";
    private static final ClusterCredential NONE = new ClusterCredential(null);

    /** {@code "Bearer " + secret} in UTF-8, or null for {@link #NONE}. */
    private final byte[] expected;

    private ClusterCredential(byte[] expected) {
        this.expected = expected;
    }

    /** @throws IllegalArgumentException when {@code secret} is shorter than {@value #MIN_SECRET_BYTES} bytes */
    public static ClusterCredential of(String secret) {
        return of(secret, ClusterSettings.SECRET.key());
    }

    private static ClusterCredential of(String secret, String setting) {
        if (secret.getBytes(StandardCharsets.UTF_8).length < MIN_SECRET_BYTES) {
            throw new IllegalArgumentException(setting + " must be at least " + MIN_SECRET_BYTES + " bytes long");
        }
        return new ClusterCredential((SCHEME + secret).getBytes(StandardCharsets.UTF_8));
    }

    /**
     * The configured {@code cluster.metrics-token}, which opens {@code /metrics} only, or {@link #none()} when it
     * is empty.
     *
     * @throws IllegalArgumentException when it is set but shorter than {@value #MIN_SECRET_BYTES} bytes
     */
    public static ClusterCredential metrics(Settings settings) {
        String token = settings.get(ClusterSettings.METRICS_TOKEN);
        return token.isEmpty() ? NONE : of(token, ClusterSettings.METRICS_TOKEN.key());
    }

    /** No secret: requests carry nothing and nothing matches. */
    public static ClusterCredential none() {
        return NONE;
    }

    /**
     * The configured {@code cluster.secret}, or {@link #none()} when it is empty.
     *
     * @throws IllegalArgumentException when it is set but shorter than {@value #MIN_SECRET_BYTES} bytes
     */
    public static ClusterCredential from(Settings settings) {
        String secret = settings.get(ClusterSettings.SECRET);
        return secret.isEmpty() ? NONE : of(secret);
    }

    /**
     * The configured {@code cluster.secret}, which a process of a multi-process deployment must have.
     *
     * @throws IllegalArgumentException (one line) when it is empty or shorter than {@value #MIN_SECRET_BYTES} bytes
     */
    public static ClusterCredential required(Settings settings) {
        ClusterCredential credential = from(settings);
        if (!credential.configured()) {
            throw new IllegalArgumentException(ClusterSettings.SECRET.key() + " is required (" + MIN_SECRET_BYTES
                    + "+ bytes, the same in every gateway and streams process; e.g. PARLEY_CLUSTER_SECRET)");
        }
        return credential;
    }

    /** Whether a secret is configured. */
    public boolean configured() {
        return expected != null;
    }

    /** The value of {@link #HEADER} to send, or null when no secret is configured (then send none). */
    public String headerValue() {
        return expected == null ? null : new String(expected, StandardCharsets.UTF_8);
    }

    /**
     * Whether {@code presented} (the value of {@link #HEADER}, may be null) carries this credential; compared in
     * constant time. Always false when no secret is configured.
     */
    public boolean matches(String presented) {
        if (expected == null || presented == null) return false;
        return MessageDigest.isEqual(expected, presented.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Checks, before a listener binds {@code host}, that it may: a loopback address always may; any other address
     * (a wildcard such as {@code 0.0.0.0} included) only with a secret.
     *
     * @param hostSetting the key of the setting that chose {@code host}, named in the error
     * @throws IllegalArgumentException (one line, naming both settings) when {@code host} is not loopback and no secret is configured
     */
    public void requireFor(String host, String hostSetting) {
        if (expected == null && !isLoopback(host)) {
            throw new IllegalArgumentException(hostSetting + " is " + host + ", not a loopback address, and "
                    + ClusterSettings.SECRET.key() + " is empty: set " + ClusterSettings.SECRET.key() + " ("
                    + MIN_SECRET_BYTES + "+ bytes, e.g. PARLEY_CLUSTER_SECRET) or bind " + hostSetting + " to 127.0.0.1");
        }
    }

    /** Whether {@code host} names a loopback address only ({@code 127.0.0.1}, {@code ::1}, {@code localhost}). */
    public static boolean isLoopback(String host) {
        if (host == null || host.isBlank()) return false; // an empty host binds every address
        try {
            for (InetAddress address : InetAddress.getAllByName(host.strip())) {
                if (!address.isLoopbackAddress()) return false;
            }
            return true;
        } catch (UnknownHostException e) {
            return false;
        }
    }

    @Override
    public String toString() {
        return expected == null ? "ClusterCredential[none]" : "ClusterCredential[configured]";
    }
}
