package dev.parley.gateway;

import dev.parley.config.Settings;
import dev.parley.gateway.http.HealthCheck;
import dev.parley.gateway.http.KafkaHealthCheck;
import io.undertow.Undertow;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One gateway node: the Discord Gateway v10 WebSocket endpoint and the REST API on one Undertow listener.
 *
 * <p>{@link #start} returns once the listener accepts connections; {@link #close} stops accepting, ends the
 * sessions and releases Kafka clients. Thread-safe.
 */
public final class Gateway implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Gateway.class);

    private final String id;
    private final Undertow undertow;
    private final Admin admin;
    private final int port;
    private final String publicUrl;
    private final AtomicBoolean open = new AtomicBoolean(true);

    private Gateway(String id, Undertow undertow, Admin admin, int port, String publicUrl) {
        this.id = id;
        this.undertow = undertow;
        this.admin = admin;
        this.port = port;
        this.publicUrl = publicUrl;
    }

    /**
     * Starts a gateway.
     *
     * @param kafka       Kafka bootstrap servers
     * @param topicPrefix the deployment's topic prefix
     * @param moreChecks  further parts {@code /healthz} waits for (e.g. the local stack's streams apps)
     */
    public static Gateway start(Settings settings, String kafka, String topicPrefix, List<HealthCheck> moreChecks) {
        String id = settings.get(GatewaySettings.ID).isBlank()
                ? "gw-" + UUID.randomUUID().toString().substring(0, 8) : settings.get(GatewaySettings.ID);
        Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka));
        UrlHolder url = new UrlHolder();
        List<HealthCheck> checks = new ArrayList<>();
        checks.add(new KafkaHealthCheck(admin));
        checks.addAll(moreChecks);
        AtomicBoolean listening = new AtomicBoolean(false);
        checks.add(new HealthCheck() {
            @Override
            public String name() {
                return "gateway";
            }

            @Override
            public Status check() {
                return listening.get() ? Status.up("listening") : Status.down("stopped");
            }
        });
        int ioThreads = settings.get(GatewaySettings.IO_THREADS);
        Undertow.Builder builder = Undertow.builder()
                .addHttpListener(settings.get(GatewaySettings.PORT), settings.get(GatewaySettings.HOST))
                .setHandler(Routes.build(settings, url::get, checks));
        if (ioThreads > 0) builder.setIoThreads(ioThreads);
        Undertow undertow = builder.build();
        undertow.start();
        int port = ((InetSocketAddress) undertow.getListenerInfo().get(0).getAddress()).getPort();
        String configured = settings.get(GatewaySettings.PUBLIC_URL);
        url.set(configured.isBlank() ? "ws://localhost:" + port : configured);
        listening.set(true);
        log.info("gateway {} listening on port {} ({})", id, port, url.get());
        return new Gateway(id, undertow, admin, port, url.get());
    }

    public String id() {
        return id;
    }

    /** The port the listener is bound to (useful when configured as 0). */
    public int port() {
        return port;
    }

    /** The WebSocket URL clients are given. */
    public String publicUrl() {
        return publicUrl;
    }

    @Override
    public void close() {
        if (!open.compareAndSet(true, false)) return;
        undertow.stop();
        admin.close();
        log.info("gateway {} stopped", id);
    }

    /** The public URL, known only once the listener is bound. */
    private static final class UrlHolder {
        private volatile String url = "";

        String get() {
            return url;
        }

        void set(String url) {
            this.url = url;
        }
    }
}
