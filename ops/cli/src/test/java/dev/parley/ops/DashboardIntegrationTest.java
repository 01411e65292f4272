package dev.parley.ops;

import dev.parley.config.Settings;
import dev.parley.gateway.GatewaySettings;
import dev.parley.gateway.auth.AuthSettings;
import dev.parley.kafka.testkit.Eventually;
import dev.parley.kafka.testkit.KafkaBrokerExtension;
import dev.parley.kafka.testkit.TestKafka;
import dev.parley.ops.monitoring.ChatWorkload;
import dev.parley.ops.monitoring.CheckReport;
import dev.parley.ops.monitoring.DashboardCheck;
import dev.parley.ops.monitoring.DashboardQueries;
import dev.parley.ops.monitoring.PrometheusServer;
import dev.parley.ops.monitoring.ScrapeConfig;
import dev.parley.schemas.KafkaSettings;
import dev.parley.streams.StreamsSettings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The Grafana dashboard against a real Prometheus (the {@code prometheus} binary; skipped when it is not installed)
 * scraping a real local stack with the shipped {@code ops/monitoring/prometheus.yml}: under chat traffic, every query
 * of the dashboard returns series, per gateway and per streams app where it is split so. The same check as
 * {@code ops/monitoring/check-dashboard.sh}, on a stack of its own.
 */
@ExtendWith(KafkaBrokerExtension.class)
class DashboardIntegrationTest {
    private static final Path PROMETHEUS_CONFIG = Path.of("../monitoring/prometheus.yml");
    private static final Path DASHBOARD = Path.of("../monitoring/grafana/parley-dashboard.json");
    private static final Duration SCRAPE = Duration.ofSeconds(1);

    @Test
    void shouldReturnSeriesForEveryDashboardQueryFromARealPrometheusScrapingTheStack(TestKafka kafka, @TempDir Path data,
                                                                                  @TempDir Path prometheusDir) {
        Optional<Path> prometheus = PrometheusServer.find("prometheus");
        assumeTrue(prometheus.isPresent(), "prometheus is not installed (Debian: apt-get install prometheus): "
                + "the dashboard's queries are not checked against a real Prometheus");
        Settings settings = Settings.defaults()
                .with(AuthSettings.REGISTRATION_ENABLED, true)
                .with(AuthSettings.OPEN_GUILD_JOIN, true)
                .with(StreamsSettings.QUERY_PORT, 0)
                .with(KafkaSettings.BOOTSTRAP_SERVERS, kafka.bootstrapServers())
                .with(KafkaSettings.TOPIC_PREFIX, kafka.topicPrefix())
                .with(StackSettings.DATA_DIR, data.toString())
                .with(GatewaySettings.PORT, 0).with(GatewaySettings.ADMIN_PORT, 0);
        try (LocalStack stack = LocalStack.start(settings)) {
            URI base = URI.create("http://localhost:" + stack.gateway().port());
            awaitReady(base);
            URI streams = URI.create(stack.stateQueryUrl());
            ScrapeConfig config = ScrapeConfig.load(PROMETHEUS_CONFIG)
                    .withTargets(DashboardCheck.GATEWAY_JOB, List.of("localhost:" + stack.gateway().adminPort()))
                    .withTargets(DashboardCheck.STREAMS_JOB, List.of(streams.getHost() + ":" + streams.getPort()))
                    .withCredentialsFile(data.resolve(StackSecrets.METRICS_FILE))
                    .withScrapeInterval(SCRAPE);
            List<DashboardQueries.Query> queries = DashboardQueries.read(DASHBOARD, SCRAPE);
            try (PrometheusServer server = PrometheusServer.start(prometheus.get(), prometheusDir, config);
                 ChatWorkload workload = ChatWorkload.start(List.of(base), Duration.ofMillis(500))) {
                CheckReport report = DashboardCheck.check(server.api(), queries, DashboardCheck.targets(config),
                        Duration.ofSeconds(120));
                System.out.print(report.render());
                assertTrue(report.passed(), "every dashboard query returns series:\n" + report.render()
                        + "Prometheus's log: " + server.log());
            }
        }
    }

    private static void awaitReady(URI base) {
        HttpClient http = HttpClient.newHttpClient();
        Eventually.await(Duration.ofSeconds(60), "/healthz ready", () -> {
            try {
                HttpResponse<Void> response = http.send(HttpRequest.newBuilder(base.resolve("/healthz")).build(),
                        HttpResponse.BodyHandlers.discarding());
                return response.statusCode() == 200 ? response : null;
            } catch (java.io.IOException e) {
                return null;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return null;
            }
        });
    }
}
