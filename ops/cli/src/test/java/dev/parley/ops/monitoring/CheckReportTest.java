package dev.parley.ops.monitoring;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CheckReportTest {
    private static final DashboardQueries.Query LAG = new DashboardQueries.Query("Fan-out lag", "A", "max by (gateway) (lag)");
    private static final Set<String> GATEWAYS = Set.of("gw-1", "gw-2");
    private static final Set<String> APPS = Set.of("guild-state");

    @Test
    void shouldFailAQueryWithoutASeriesForEveryGatewayOfTheDeployment() {
        CheckReport.Row row = CheckReport.judge(LAG, List.of(series("gateway", "gw-1", 0)), GATEWAYS, APPS);
        assertFalse(row.passed());
        assertEquals("no series for gateway gw-2", row.problem());
        assertTrue(CheckReport.judge(LAG, List.of(series("gateway", "gw-1", 0), series("gateway", "gw-2", 3)),
                GATEWAYS, APPS).passed());
    }

    @Test
    void shouldFailAQueryThatReturnsNothingOrOnlyNaN() {
        assertEquals("no series", CheckReport.judge(LAG, List.of(), GATEWAYS, APPS).problem());
        assertEquals("only NaN", CheckReport.judge(LAG, List.of(new PrometheusApi.Series(Map.of(), Double.NaN)),
                GATEWAYS, APPS).problem());
    }

    @Test
    void shouldFailTheReportWhenATargetIsDownEvenIfEveryQueryPassed() {
        CheckReport.Row ok = CheckReport.judge(LAG, List.of(series("gateway", "gw-1", 0), series("gateway", "gw-2", 0)),
                GATEWAYS, APPS);
        assertTrue(new CheckReport(List.of(ok), GATEWAYS, APPS, List.of()).passed());
        CheckReport down = new CheckReport(List.of(ok), GATEWAYS, APPS, List.of("target localhost:7070 of job parley-streams is not up"));
        assertFalse(down.passed());
        assertTrue(down.render().contains("target localhost:7070 of job parley-streams is not up"));
    }

    private static PrometheusApi.Series series(String label, String value, double sample) {
        return new PrometheusApi.Series(Map.of(label, value), sample);
    }
}
