package dev.parley.gateway;

import dev.parley.gateway.state.TopicProducer;
import dev.parley.schemas.Partitioning;
import dev.parley.schemas.Topics;
import dev.parley.schemas.session.GatewayHeartbeat;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Tells the presence app this gateway is alive: one {@link GatewayHeartbeat} per interval on
 * {@code gateway-heartbeats}, whatever the number of sessions, written twice: to the gateway's own partition and to
 * the next one led by another broker ({@link #twin}). While a broker is dead and not yet replaced as leader (a few
 * seconds), the partitions it led take no writes; a gateway beating through one partition only would look dead for
 * that long, and the presence app would take its users' sessions away while they are connected. A clean stop ends
 * with a tombstone in every partition; a crash simply stops the heartbeats, and the presence app takes the gateway's
 * sessions offline after its timeout.
 */
final class LivenessBeacon implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(LivenessBeacon.class);

    private final TopicProducer producer;
    private final String gatewayId;
    private final Duration interval;
    private final ScheduledExecutorService timer;

    private final int workerId;
    private final long startedAt;

    /** @param startedAt when this run of the gateway started (epoch ms), before any session could start */
    LivenessBeacon(TopicProducer producer, String gatewayId, int workerId, long startedAt, Duration interval) {
        this.producer = producer;
        this.startedAt = startedAt;
        this.gatewayId = gatewayId;
        this.workerId = workerId;
        this.interval = interval;
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, gatewayId + "-liveness");
            thread.setDaemon(true);
            return thread;
        });
        timer.scheduleAtFixedRate(this::beat, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void beat() {
        try {
            GatewayHeartbeat beat = new GatewayHeartbeat(gatewayId, System.currentTimeMillis(), interval.toMillis(), workerId, startedAt);
            int home = Partitioning.gatewayPartition(gatewayId);
            for (int partition : new int[] {home, twin(home, producer.leaders(Topics.GATEWAY_HEARTBEATS))}) {
                producer.send(Topics.GATEWAY_HEARTBEATS, partition, gatewayId, beat).whenComplete((metadata, error) -> {
                    if (error != null) log.warn("liveness heartbeat of {} not sent to partition {}: {}", gatewayId, partition,
                            error.getMessage());
                });
            }
        } catch (RuntimeException e) { // e.g. no metadata yet: the next beat tries again, the timer keeps running
            log.warn("liveness heartbeat of {} not sent: {}", gatewayId, e.toString());
        }
    }

    /**
     * The partition after {@code home} (in turn, wrapping around) whose leader is known and is not {@code home}'s;
     * when there is none, the one after {@code home}.
     *
     * @param leaders the leader's broker id per partition, -1 where none is known ({@link TopicProducer#leaders})
     */
    static int twin(int home, int[] leaders) {
        int homeLeader = home < leaders.length ? leaders[home] : -1;
        for (int step = 1; step < leaders.length; step++) {
            int candidate = (home + step) % leaders.length;
            if (leaders[candidate] >= 0 && leaders[candidate] != homeLeader) return candidate;
        }
        return (home + 1) % Partitioning.GATEWAY_PARTITIONS;
    }

    /** Stops beating without a word, as a crashed process would. */
    void halt() {
        timer.shutdownNow();
    }

    /** Stops beating and removes this gateway from the liveness table (a tombstone wherever it may have beaten). */
    @Override
    public void close() {
        timer.shutdownNow();
        for (int partition = 0; partition < Partitioning.GATEWAY_PARTITIONS; partition++) {
            producer.send(Topics.GATEWAY_HEARTBEATS, partition, gatewayId, null);
        }
    }
}
