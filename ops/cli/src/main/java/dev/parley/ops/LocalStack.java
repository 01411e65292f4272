package dev.parley.ops;

import dev.parley.config.Settings;
import dev.parley.gateway.Gateway;
import dev.parley.gateway.GatewaySettings;
import dev.parley.kafka.embedded.EmbeddedKafkaBroker;
import dev.parley.schemas.KafkaSettings;
import dev.parley.schemas.cluster.ClusterSettings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;

/**
 * The whole system in one JVM: an embedded broker (unless {@code kafka.bootstrap-servers} names a cluster),
 * every streams app with its state query API, and one gateway. {@link #close()} stops them in reverse order: the
 * gateway first (clients are told to reconnect), then the streams apps (flushing their stores), then the broker.
 * The token secret, the cluster secret and the metrics token are the configured ones, or generated into
 * {@code data.dir} ({@link StackSecrets}).
 */
public final class LocalStack implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(LocalStack.class);

    private final EmbeddedKafkaBroker broker;
    private final String bootstrapServers;
    private final StreamsProcess streams;
    private final Gateway gateway;
    private final String adminToken;
    private final String clusterSecret;
    private final String metricsToken;

    private LocalStack(EmbeddedKafkaBroker broker, String bootstrapServers, StreamsProcess streams, Gateway gateway,
                       String adminToken, String clusterSecret, String metricsToken) {
        this.metricsToken = metricsToken;
        this.adminToken = adminToken;
        this.clusterSecret = clusterSecret;
        this.broker = broker;
        this.bootstrapServers = bootstrapServers;
        this.streams = streams;
        this.gateway = gateway;
    }

    /** Starts everything; returns once the gateway listens (streams apps may still be rebalancing: see /healthz). */
    public static LocalStack start(Settings configured) {
        Settings settings = StackSecrets.ensure(configured);
        if (settings.get(GatewaySettings.ADMIN_TOKEN).isBlank()) {
            settings = settings.with(GatewaySettings.ADMIN_TOKEN, randomToken()); // this run's only; printed at start
        }
        Path dataDir = Path.of(settings.get(StackSettings.DATA_DIR));
        String bootstrap = settings.get(KafkaSettings.BOOTSTRAP_SERVERS);
        String prefix = settings.get(KafkaSettings.TOPIC_PREFIX);
        EmbeddedKafkaBroker broker = null;
        StreamsProcess streams = null;
        try {
            if (bootstrap.isBlank()) {
                broker = EmbeddedKafkaBroker.start(dataDir.resolve("kafka"), settings.get(StackSettings.EMBEDDED_KAFKA_PORT));
                bootstrap = broker.bootstrapServers();
            }
            Provisioning.ensureTopics(bootstrap, prefix);
            streams = StreamsProcess.start(settings, bootstrap, prefix, dataDir.resolve("streams"));
            Gateway gateway = Gateway.start(settings.with(GatewaySettings.STATE_QUERY_URLS, streams.queryUrl()),
                    bootstrap, prefix, streams.healthChecks());
            return new LocalStack(broker, bootstrap, streams, gateway, settings.get(GatewaySettings.ADMIN_TOKEN),
                    settings.get(ClusterSettings.SECRET), settings.get(ClusterSettings.METRICS_TOKEN));
        } catch (RuntimeException e) {
            if (streams != null) streams.close();
            if (broker != null) broker.close();
            throw e;
        }
    }

    public Gateway gateway() {
        return gateway;
    }

    /** The token of the gateway's admin API (configured, or made up for this run). */
    public String adminToken() {
        return adminToken;
    }

    /** The cluster secret of this stack (configured, or generated into {@code <data.dir>/cluster-secret}). */
    public String clusterSecret() {
        return clusterSecret;
    }

    /** The token that opens {@code /metrics} only (configured, or generated into {@code <data.dir>/metrics-token}). */
    public String metricsToken() {
        return metricsToken;
    }

    private static String randomToken() {
        byte[] bytes = new byte[24];
        new java.security.SecureRandom().nextBytes(bytes);
        return java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    public String bootstrapServers() {
        return bootstrapServers;
    }

    /** The state query API of the stack's streams apps, for further gateways. */
    public String stateQueryUrl() {
        return streams.queryUrl();
    }

    /** Whether this stack started its own broker (rather than using {@code kafka.bootstrap-servers}). */
    public boolean embeddedBroker() {
        return broker != null;
    }

    @Override
    public void close() {
        long started = System.nanoTime();
        gateway.close();
        streams.close();
        if (broker != null) broker.close();
        log.info("stack stopped in {} ms", (System.nanoTime() - started) / 1_000_000);
    }
}
