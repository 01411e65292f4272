package dev.parley.ops;

import dev.parley.config.Settings;
import dev.parley.gateway.Gateway;
import dev.parley.gateway.http.HealthCheck;
import dev.parley.kafka.embedded.EmbeddedKafkaBroker;
import dev.parley.schemas.KafkaSettings;
import dev.parley.schemas.TopicProvisioner;
import dev.parley.schemas.Topics;
import dev.parley.streams.StreamsApp;
import dev.parley.streams.StreamsAppContext;
import dev.parley.streams.StreamsApps;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The whole system in one JVM: an embedded broker (unless {@code kafka.bootstrap-servers} names a cluster),
 * every streams app, and one gateway. {@link #close()} stops them in reverse order: the gateway first (so clients
 * are told to reconnect), then the streams apps (flushing their stores), then the broker.
 */
public final class LocalStack implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(LocalStack.class);

    private final EmbeddedKafkaBroker broker;
    private final String bootstrapServers;
    private final List<StreamsApp> apps;
    private final Gateway gateway;

    private LocalStack(EmbeddedKafkaBroker broker, String bootstrapServers, List<StreamsApp> apps, Gateway gateway) {
        this.broker = broker;
        this.bootstrapServers = bootstrapServers;
        this.apps = apps;
        this.gateway = gateway;
    }

    /** Starts everything; returns once the gateway listens (streams apps may still be rebalancing: see /healthz). */
    public static LocalStack start(Settings settings) {
        Path dataDir = Path.of(settings.get(StackSettings.DATA_DIR));
        String bootstrap = settings.get(KafkaSettings.BOOTSTRAP_SERVERS);
        String prefix = settings.get(KafkaSettings.TOPIC_PREFIX);
        EmbeddedKafkaBroker broker = null;
        List<StreamsApp> apps = new ArrayList<>();
        try {
            if (bootstrap.isBlank()) {
                broker = EmbeddedKafkaBroker.start(dataDir.resolve("kafka"), settings.get(StackSettings.EMBEDDED_KAFKA_PORT));
                bootstrap = broker.bootstrapServers();
            }
            try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
                TopicProvisioner.ensure(admin, prefix, Topics.ALL);
            }
            var context = new StreamsAppContext(bootstrap, prefix, dataDir.resolve("streams"), settings, null);
            apps.addAll(StreamsApps.create(context));
            List<HealthCheck> checks = new ArrayList<>();
            for (StreamsApp app : apps) {
                app.start();
                checks.add(new StreamsAppHealthCheck(app));
            }
            Gateway gateway = Gateway.start(settings, bootstrap, prefix, checks);
            return new LocalStack(broker, bootstrap, List.copyOf(apps), gateway);
        } catch (RuntimeException e) {
            apps.forEach(StreamsApp::close);
            if (broker != null) broker.close();
            throw e;
        }
    }

    public Gateway gateway() {
        return gateway;
    }

    public String bootstrapServers() {
        return bootstrapServers;
    }

    /** Whether this stack started its own broker (rather than using {@code kafka.bootstrap-servers}). */
    public boolean embeddedBroker() {
        return broker != null;
    }

    @Override
    public void close() {
        long started = System.nanoTime();
        gateway.close();
        apps.forEach(StreamsApp::close);
        if (broker != null) broker.close();
        log.info("stack stopped in {} ms", (System.nanoTime() - started) / 1_000_000);
    }
}
