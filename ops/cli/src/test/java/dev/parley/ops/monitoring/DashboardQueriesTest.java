package dev.parley.ops.monitoring;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DashboardQueriesTest {
    @Test
    void shouldReadEveryQueryOfTheShippedDashboardWithNoVariableLeft() {
        List<DashboardQueries.Query> queries = DashboardQueries.read(Path.of("../monitoring/grafana/parley-dashboard.json"),
                Duration.ofSeconds(2));
        assertFalse(queries.isEmpty());
        queries.forEach(q -> assertFalse(q.expr().contains("$"), q.panel() + ": " + q.expr()));
        assertTrue(queries.stream().anyMatch(q -> q.expr().contains("kafka_consumer_fetch_manager_records_lag")));
        assertTrue(queries.stream().anyMatch(q -> q.expr().contains("parley_gateway_fanout_lag")));
    }

    @Test
    void shouldSubstituteVariablesAsGrafanaDoesAndKeepCaptureGroupReferences(@TempDir Path dir) throws Exception {
        Path dashboard = dir.resolve("d.json");
        Files.writeString(dashboard, """
                {"templating": {"list": [
                  {"name": "datasource", "type": "datasource"},
                  {"name": "gateway", "type": "query"},
                  {"name": "q", "type": "custom", "current": {"value": "0.99"}}]},
                 "panels": [
                  {"title": "row", "panels": [{"title": "nested", "targets": [
                    {"refId": "A", "expr": "histogram_quantile($q, rate(x_bucket{gateway=~\\"$gateway\\"}[$__rate_interval]))"},
                    {"refId": "B", "expr": "label_replace(y, \\"g\\", \\"$1\\", \\"instance\\", \\"(.*):.*\\")"},
                    {"refId": "C", "expr": "hidden", "hide": true}]}]}]}
                """);
        List<DashboardQueries.Query> queries = DashboardQueries.read(dashboard, Duration.ofSeconds(2));
        assertEquals(List.of(
                new DashboardQueries.Query("nested", "A", "histogram_quantile(0.99, rate(x_bucket{gateway=~\".+\"}[8s]))"),
                new DashboardQueries.Query("nested", "B", "label_replace(y, \"g\", \"$1\", \"instance\", \"(.*):.*\")")),
                queries);
    }

    @Test
    void shouldRefuseAQueryNamingAnUndefinedVariable() {
        assertThrows(IllegalArgumentException.class, () -> DashboardQueries.substitute("up{job=\"$job\"}", Map.of()));
    }
}
