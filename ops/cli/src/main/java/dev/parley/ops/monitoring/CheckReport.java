package dev.parley.ops.monitoring;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * What each dashboard query returned, judged: a query passes when it returns at least one series with a number
 * (not NaN), and, when its series carry a {@code gateway} or {@code app} label, one for every gateway and every
 * streams app of the deployment (so consumer lag per partition is there for every app's group, and fan-out lag for
 * every gateway). Pure: built from query results, rendered as a table.
 */
public final class CheckReport {
    /** One query's outcome. */
    public record Row(DashboardQueries.Query query, int series, int numeric, Set<String> gatewaysMissing,
                      Set<String> appsMissing, String covered, String error) {
        public boolean passed() {
            return error == null && series > 0 && numeric > 0 && gatewaysMissing.isEmpty() && appsMissing.isEmpty();
        }

        /** Why it failed, in one line; empty when it passed. */
        public String problem() {
            if (error != null) return error;
            List<String> problems = new ArrayList<>();
            if (series == 0) problems.add("no series");
            else if (numeric == 0) problems.add("only NaN");
            if (!gatewaysMissing.isEmpty()) problems.add("no series for gateway " + String.join(", ", gatewaysMissing));
            if (!appsMissing.isEmpty()) problems.add("no series for app " + String.join(", ", appsMissing));
            return String.join("; ", problems);
        }
    }

    private final List<Row> rows;
    private final Set<String> gateways;
    private final Set<String> apps;
    private final List<String> targetProblems;

    CheckReport(List<Row> rows, Set<String> gateways, Set<String> apps, List<String> targetProblems) {
        this.rows = List.copyOf(rows);
        this.gateways = Set.copyOf(gateways);
        this.apps = Set.copyOf(apps);
        this.targetProblems = List.copyOf(targetProblems);
    }

    /** Judges one query's result against the deployment's gateways and apps. */
    static Row judge(DashboardQueries.Query query, List<PrometheusApi.Series> result, Set<String> gateways, Set<String> apps) {
        int numeric = (int) result.stream().filter(s -> !Double.isNaN(s.value())).count();
        Set<String> seenGateways = labelValues(result, "gateway");
        Set<String> seenApps = labelValues(result, "app");
        Set<String> gatewaysMissing = new TreeSet<>();
        Set<String> appsMissing = new TreeSet<>();
        List<String> covered = new ArrayList<>();
        if (!seenGateways.isEmpty()) {
            gateways.stream().filter(g -> !seenGateways.contains(g)).forEach(gatewaysMissing::add);
            covered.add((gateways.size() - gatewaysMissing.size()) + "/" + gateways.size() + " gateways");
        }
        if (!seenApps.isEmpty()) {
            apps.stream().filter(a -> !seenApps.contains(a)).forEach(appsMissing::add);
            covered.add((apps.size() - appsMissing.size()) + "/" + apps.size() + " apps");
        }
        return new Row(query, result.size(), numeric, gatewaysMissing, appsMissing, String.join(", ", covered), null);
    }

    static Row failed(DashboardQueries.Query query, String error) {
        return new Row(query, 0, 0, Set.of(), Set.of(), "", error);
    }

    private static Set<String> labelValues(List<PrometheusApi.Series> result, String label) {
        return result.stream().map(s -> s.labels().get(label)).filter(v -> v != null && !v.isEmpty())
                .collect(Collectors.toCollection(TreeSet::new));
    }

    public List<Row> rows() {
        return rows;
    }

    /** Whether every target was up and every query passed. */
    public boolean passed() {
        return targetProblems.isEmpty() && rows.stream().allMatch(Row::passed);
    }

    /** Every failure, one line each: targets that were not up, then queries that did not pass. */
    public List<String> failures() {
        List<String> failures = new ArrayList<>(targetProblems);
        for (Row row : rows) {
            if (!row.passed()) failures.add(row.query().panel() + " [" + row.query().refId() + "] " + row.query().expr()
                    + ": " + row.problem());
        }
        return failures;
    }

    /** The table: one line per query (result, series, series with a number, coverage, panel, query), then a summary. */
    public String render() {
        StringBuilder out = new StringBuilder();
        out.append("Gateways: ").append(String.join(", ", new TreeSet<>(gateways)))
                .append("   Streams apps: ").append(String.join(", ", new TreeSet<>(apps))).append('\n');
        int panelWidth = Math.min(50, rows.stream().mapToInt(r -> label(r).length()).max().orElse(5));
        String format = "%-4s  %6s  %7s  %-20s  %-" + panelWidth + "s  %s%n";
        out.append(String.format(format, "", "series", "numeric", "covers", "panel", "query"));
        for (Row row : rows) {
            out.append(String.format(format, row.passed() ? "ok" : "FAIL", row.series(), row.numeric(), row.covered(),
                    truncate(label(row), panelWidth), row.query().expr()));
        }
        long passed = rows.stream().filter(Row::passed).count();
        out.append(passed).append(" of ").append(rows.size()).append(" dashboard queries returned series");
        out.append(passed == rows.size() && targetProblems.isEmpty() ? "\n" : "; failures:\n");
        failures().forEach(f -> out.append("  ").append(f).append('\n'));
        return out.toString();
    }

    private static String label(Row row) {
        return row.query().panel() + " [" + row.query().refId() + "]";
    }

    private static String truncate(String text, int width) {
        return text.length() <= width ? text : text.substring(0, width - 1) + "…";
    }
}
