package dev.parley.ops;

import dev.parley.config.Settings;
import dev.parley.schemas.KafkaSettings;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.KafkaException;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * Where the operator tools ({@code lag}, {@code replay}) find the deployment: {@code kafka.bootstrap-servers} and
 * {@code kafka.topic-prefix} from the configuration file and environment, as every other command reads them,
 * with {@code --bootstrap} above both. An empty {@code kafka.bootstrap-servers} means the local stack's embedded
 * broker, {@code 127.0.0.1:<kafka.embedded.port>}.
 */
public final class ClusterOptions {
    @Mixin
    ConfigOption config;

    @Option(names = "--bootstrap", paramLabel = "HOST:PORT[,...]",
            description = "Kafka bootstrap servers (default: kafka.bootstrap-servers; when empty, the local stack's "
                    + "embedded broker at 127.0.0.1:<kafka.embedded.port>).")
    String bootstrap;

    @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "10",
            description = "How long to wait for the cluster to answer before giving up (default: ${DEFAULT-VALUE}).")
    int timeoutSeconds;

    private Settings settings;

    /**
     * Turns off Kafka's warning per failed connection attempt, so that an unreachable cluster shows as the tool's
     * one-line error rather than a screenful of retries. Takes effect for clients created afterwards in a fresh
     * JVM (slf4j-simple fixes a logger's level when it is first created), so the tools call it first. A level set
     * with {@code -D} (e.g. in {@code PARLEY_JAVA_OPTS}) is kept.
     */
    public static void quietConnectionWarnings() {
        String key = "org.slf4j.simpleLogger.log.org.apache.kafka.clients.NetworkClient";
        if (System.getProperty(key) == null) System.setProperty(key, "error");
    }

    public String bootstrapServers() {
        if (bootstrap != null && !bootstrap.isBlank()) return bootstrap;
        String configured = settings().get(KafkaSettings.BOOTSTRAP_SERVERS);
        if (!configured.isBlank()) return configured;
        return "127.0.0.1:" + settings().get(StackSettings.EMBEDDED_KAFKA_PORT);
    }

    public String topicPrefix() {
        return settings().get(KafkaSettings.TOPIC_PREFIX);
    }

    /** {@code --timeout}; at least one second. */
    public Duration timeout() {
        return Duration.ofSeconds(Math.max(1, timeoutSeconds));
    }

    /**
     * Client settings shared by the tools' admin clients, consumers and producers: the bootstrap servers, and
     * request and API timeouts of {@link #timeout()}.
     */
    public Map<String, Object> clientConfig(String clientId) {
        Map<String, Object> config = new HashMap<>();
        config.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
        config.put(CommonClientConfigs.CLIENT_ID_CONFIG, clientId);
        config.put(CommonClientConfigs.REQUEST_TIMEOUT_MS_CONFIG, (int) timeout().toMillis());
        config.put(CommonClientConfigs.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) timeout().toMillis());
        return config;
    }

    /**
     * An admin client of the cluster; the caller closes it.
     *
     * @throws IllegalArgumentException when the bootstrap servers cannot be used (e.g. no host resolves)
     */
    public Admin admin(String clientId) {
        try {
            return Admin.create(clientConfig(clientId));
        } catch (KafkaException e) {
            throw new IllegalArgumentException("cannot use bootstrap servers " + bootstrapServers() + ": "
                    + rootMessage(e), e);
        }
    }

    public static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null) root = root.getCause();
        return root.getMessage();
    }

    private Settings settings() {
        if (settings == null) settings = config.settings();
        return settings;
    }
}
