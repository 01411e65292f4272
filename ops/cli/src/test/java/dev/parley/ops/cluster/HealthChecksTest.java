package dev.parley.ops.cluster;

import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.TopicPartitionInfo;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.OptionalLong;

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

    private static final Node B1 = new Node(1, "127.0.0.1", 9092);
    private static final Node B2 = new Node(2, "127.0.0.1", 9093);
    private static final Node B3 = new Node(3, "127.0.0.1", 9094);

    @Test
    void shouldCountARestartedBrokerHealthyOnlyOnceItIsBackInEveryIsr() {
        TopicDescription commands = new TopicDescription("parley.guild-commands", false, List.of(
                new TopicPartitionInfo(0, B2, List.of(B1, B2, B3), List.of(B2, B3, B1)),
                new TopicPartitionInfo(1, B2, List.of(B2, B3, B1), List.of(B2, B3)),
                new TopicPartitionInfo(2, B3, List.of(B3, B2), List.of(B3, B2))));
        ClusterNode.Health catchingUp = HealthChecks.inSync(List.of(commands), 1, 3);
        assertFalse(catchingUp.healthy());
        assertEquals("catching up: out of the ISR of 1 of its 2 partitions (e.g. parley.guild-commands-1)", catchingUp.detail());

        ClusterNode.Health other = HealthChecks.inSync(List.of(commands), 3, 3);
        assertTrue(other.healthy(), other.detail());
        assertEquals("in the cluster (3 brokers), in sync on its 3 partitions", other.detail());
        assertTrue(HealthChecks.inSync(List.of(), 1, 3).healthy(), "no topics yet: nothing to catch up");
    }

    @Test
    void shouldCountAControllerHealthyWhenItLeadsOrFollowsTheLeaderClosely() {
        long now = 1_000_000;
        List<HealthChecks.Voter> voters = List.of(new HealthChecks.Voter(101, 500, OptionalLong.of(now)),
                new HealthChecks.Voter(102, 500, OptionalLong.of(now - 1_000)),
                new HealthChecks.Voter(103, 380, OptionalLong.of(now - HealthChecks.CAUGHT_UP_WITHIN.toMillis() - 1)));
        assertEquals("quorum leader (epoch 7, 3 voters)", HealthChecks.quorumMember(101, 7, voters, 101, now).detail());
        ClusterNode.Health follower = HealthChecks.quorumMember(101, 7, voters, 102, now);
        assertTrue(follower.healthy(), follower.detail());
        ClusterNode.Health behind = HealthChecks.quorumMember(101, 7, voters, 103, now);
        assertFalse(behind.healthy());
        assertEquals("behind leader 101 by 120 records", behind.detail());
        assertFalse(HealthChecks.quorumMember(101, 7, voters, 104, now).healthy(), "not a voter");
        assertFalse(HealthChecks.quorumMember(101, 7, List.of(new HealthChecks.Voter(102, 0, OptionalLong.empty())), 102, now)
                .healthy(), "never caught up");
    }
}
