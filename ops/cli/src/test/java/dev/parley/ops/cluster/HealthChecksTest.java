package dev.parley.ops.cluster;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class HealthChecksTest {

    @Test
    void shouldCountAStreamsProcessHealthyWhenEveryAppIsRunning() {
        ClusterNode.Health health = HealthChecks.appsRunning("""
                # HELP parley_streams_app_running whether the app runs
                parley_streams_app_running{app="guild-state",} 1.0
                parley_streams_app_running{app="user-state",} 1.0
                parley_streams_store_entries{app="guild-state",store="guilds",} 3.0
                """);
        assertTrue(health.healthy());
        assertEquals("2 apps running", health.detail());
    }

    @Test
    void shouldNameTheAppsThatAreNotRunning() {
        ClusterNode.Health health = HealthChecks.appsRunning("""
                parley_streams_app_running{app="guild-state",} 0.0
                parley_streams_app_running{app="presence",} 1.0
                """);
        assertFalse(health.healthy());
        assertEquals("apps not running: guild-state", health.detail());
    }

    @Test
    void shouldTakeAServedPageWithoutTheGaugeAsHealthy() {
        assertTrue(HealthChecks.appsRunning("jvm_memory_used_bytes 1.0\n").healthy());
    }
}
