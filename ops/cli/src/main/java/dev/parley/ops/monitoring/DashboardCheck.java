package dev.parley.ops.monitoring;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.stream.Stream;

/**
 * The dashboard check: a real Prometheus scrapes a running Parley with {@code ops/monitoring/prometheus.yml} (its
 * targets and token file replaceable), chat traffic runs through the public API ({@link ChatWorkload}), and every
 * query of the Grafana dashboard, its variables substituted, is run against Prometheus's HTTP API until each returns
 * series for every gateway and streams app, or the timeout passes. Prints the table ({@link CheckReport}); exit code
 * 1 when a query returned nothing. Run by {@code ops/monitoring/check-dashboard.sh}.
 */
@Command(name = "check-dashboard", mixinStandardHelpOptions = true,
        description = {"Scrape a running Parley with a real Prometheus and run every query of the Grafana dashboard "
                + "against it: each must return series (for every gateway and every streams app where it is per gateway "
                + "or per app). Drives chat traffic through --public meanwhile (registration and open joins needed).",
                "Exit code 1 when a query returns nothing within --timeout, or a target is not up."})
public final class DashboardCheck implements Callable<Integer> {
    public static final String GATEWAY_JOB = "parley-gateway";
    public static final String STREAMS_JOB = "parley-streams";

    @Option(names = "--prometheus", paramLabel = "BINARY", defaultValue = "prometheus",
            description = "The prometheus executable (default: ${DEFAULT-VALUE}, from the PATH; Debian: apt-get install prometheus).")
    String binary;

    @Option(names = "--config", paramLabel = "FILE", defaultValue = "ops/monitoring/prometheus.yml",
            description = "The Prometheus configuration whose jobs are used (default: ${DEFAULT-VALUE}).")
    Path template;

    @Option(names = "--dashboard", paramLabel = "FILE", defaultValue = "ops/monitoring/grafana/parley-dashboard.json",
            description = "The Grafana dashboard whose queries are run (default: ${DEFAULT-VALUE}).")
    Path dashboard;

    @Option(names = "--gateways", paramLabel = "HOST:PORT", split = ",",
            description = "Admin listeners of the gateways to scrape (default: the configuration's " + GATEWAY_JOB + " targets).")
    List<String> gateways = new ArrayList<>();

    @Option(names = "--streams", paramLabel = "HOST:PORT", split = ",",
            description = "State query APIs of the streams processes to scrape (default: the configuration's " + STREAMS_JOB
                    + " targets).")
    List<String> streams = new ArrayList<>();

    @Option(names = "--metrics-token-file", paramLabel = "FILE",
            description = "File holding cluster.metrics-token (default: the configuration's credentials_file).")
    Path tokenFile;

    @Option(names = "--public", paramLabel = "URL", split = ",", defaultValue = "http://localhost:8080",
            description = "Public URLs to drive chat traffic through: the gateways' or the balancer's (default: ${DEFAULT-VALUE}).")
    List<URI> publicUrls;

    @Option(names = "--scrape-interval", paramLabel = "SECONDS", defaultValue = "2",
            description = "Prometheus's scrape interval for the check, in seconds (default: ${DEFAULT-VALUE}).")
    int scrapeSeconds;

    @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "120",
            description = "How long to wait for every query to return series (default: ${DEFAULT-VALUE}).")
    int timeoutSeconds;

    @Option(names = "--work-dir", paramLabel = "DIR",
            description = "Where Prometheus keeps its configuration, data and log (default: a temporary directory, "
                    + "deleted afterwards).")
    Path workDir;

    public static void main(String[] args) {
        CommandLine commandLine = new CommandLine(new DashboardCheck()).setOverwrittenOptionsAllowed(true);
        commandLine.setExecutionExceptionHandler((e, cmd, parsed) -> {
            cmd.getErr().println("check-dashboard: " + describe(e));
            return 1;
        });
        System.exit(commandLine.execute(args));
    }

    @Override
    public Integer call() throws IOException {
        Path prometheus = PrometheusServer.find(binary).orElseThrow(() -> new IllegalStateException(
                "no prometheus executable '" + binary + "' found (Debian: apt-get install prometheus)"));
        ScrapeConfig config = ScrapeConfig.load(template);
        if (!gateways.isEmpty()) config = config.withTargets(GATEWAY_JOB, gateways);
        if (!streams.isEmpty()) config = config.withTargets(STREAMS_JOB, streams);
        if (tokenFile != null) config = config.withCredentialsFile(tokenFile);
        Duration interval = Duration.ofSeconds(scrapeSeconds);
        config = config.withScrapeInterval(interval);
        List<DashboardQueries.Query> queries = DashboardQueries.read(dashboard, interval);
        Path dir = workDir != null ? Files.createDirectories(workDir) : Files.createTempDirectory("parley-dashboard-check");
        PrintStream out = System.out;
        try (PrometheusServer server = PrometheusServer.start(prometheus, dir, config);
             ChatWorkload workload = ChatWorkload.start(publicUrls, Duration.ofSeconds(1))) {
            out.println("Prometheus " + server.api().base() + " scraping " + targets(config) + " every " + scrapeSeconds
                    + " s; chat traffic through " + publicUrls + "; " + queries.size() + " queries of " + dashboard);
            CheckReport report = check(server.api(), queries, targets(config), Duration.ofSeconds(timeoutSeconds));
            out.print(report.render());
            out.println("Workload: " + workload.posted() + " messages posted, " + workload.refused() + " refused.");
            return report.passed() ? 0 : 1;
        } finally {
            if (workDir == null) deleteTree(dir);
        }
    }

    /** An error and its causes, one message each (a refused connection says so, not only "request failed"). */
    static String describe(Throwable error) {
        StringBuilder text = new StringBuilder();
        for (Throwable e = error; e != null; e = e.getCause() == e ? null : e.getCause()) {
            if (e instanceof java.util.concurrent.CompletionException && e.getCause() != null) continue;
            if (!text.isEmpty()) text.append(": ");
            text.append(e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName());
        }
        return text.toString();
    }

    /** Every job's targets, as {@code up} labels them. */
    public static Map<String, List<String>> targets(ScrapeConfig config) {
        Map<String, List<String>> targets = new LinkedHashMap<>();
        for (String job : config.jobNames()) targets.put(job, config.targets(job));
        return targets;
    }

    /**
     * Waits until every target is up and every query passes, or {@code timeout} passes; returns the last round's report.
     * The deployment's gateways are the {@code gateway} labels of {@code parley_gateway_sessions}, its apps the
     * {@code app} labels of {@code parley_streams_app_running}.
     */
    public static CheckReport check(PrometheusApi api, List<DashboardQueries.Query> queries,
                                    Map<String, List<String>> targets, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            CheckReport report = round(api, queries, targets);
            if (report.passed() || System.nanoTime() > deadline) return report;
            try {
                Thread.sleep(1000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return report;
            }
        }
    }

    private static CheckReport round(PrometheusApi api, List<DashboardQueries.Query> queries,
                                     Map<String, List<String>> targets) {
        List<String> problems = new ArrayList<>();
        List<PrometheusApi.Series> up = api.query("up");
        targets.forEach((job, instances) -> {
            for (String instance : instances) {
                boolean isUp = up.stream().anyMatch(s -> job.equals(s.labels().get("job"))
                        && instance.equals(s.labels().get("instance")) && s.value() == 1);
                if (!isUp) problems.add("target " + instance + " of job " + job + " is not up");
            }
        });
        Set<String> gateways = labels(api.query("parley_gateway_sessions"), "gateway");
        Set<String> apps = labels(api.query("parley_streams_app_running"), "app");
        int gatewayTargets = targets.getOrDefault(GATEWAY_JOB, List.of()).size();
        if (gateways.size() < gatewayTargets) {
            problems.add(gatewayTargets + " gateway targets but " + gateways.size() + " gateway ids seen " + gateways);
        }
        if (apps.isEmpty()) problems.add("no streams app seen (parley_streams_app_running)");
        List<CheckReport.Row> rows = new ArrayList<>();
        for (DashboardQueries.Query query : queries) {
            try {
                rows.add(CheckReport.judge(query, api.query(query.expr()), gateways, apps));
            } catch (IllegalStateException e) {
                rows.add(CheckReport.failed(query, e.getMessage()));
            }
        }
        return new CheckReport(rows, gateways, apps, problems);
    }

    private static Set<String> labels(List<PrometheusApi.Series> series, String label) {
        Set<String> values = new TreeSet<>();
        series.forEach(s -> {
            String value = s.labels().get(label);
            if (value != null) values.add(value);
        });
        return values;
    }

    private static void deleteTree(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
