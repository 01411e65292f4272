package dev.parley.gateway;

import dev.parley.gateway.state.TopicProducer;
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
 * {@code gateway-heartbeats}, whatever the number of sessions. A clean stop ends with a tombstone; a crash simply
 * stops the heartbeats, and the presence app takes the gateway's sessions offline after its timeout.
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
        producer.send(Topics.GATEWAY_HEARTBEATS, gatewayId,
                new GatewayHeartbeat(gatewayId, System.currentTimeMillis(), interval.toMillis(), workerId, startedAt))
                .whenComplete((metadata, error) -> {
                    if (error != null) log.warn("liveness heartbeat of {} not sent: {}", gatewayId, error.getMessage());
                });
    }

    /** Stops beating without a word, as a crashed process would. */
    void halt() {
        timer.shutdownNow();
    }

    /** Stops beating and removes this gateway from the liveness table. */
    @Override
    public void close() {
        timer.shutdownNow();
        producer.send(Topics.GATEWAY_HEARTBEATS, gatewayId, null);
    }
}
