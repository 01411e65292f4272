package dev.parley.gateway.http;

import org.apache.kafka.clients.admin.Admin;

import java.util.concurrent.TimeUnit;

/**
 * Kafka is up when the cluster answers a metadata request within a second. The answer is cached for a second so
 * that a burst of health requests costs one round trip.
 */
public final class KafkaHealthCheck implements HealthCheck {
    private static final long CACHE_NANOS = TimeUnit.SECONDS.toNanos(1);
    private final Admin admin;
    private volatile Status last = Status.down("unknown");
    private volatile long lastAt = Long.MIN_VALUE;

    public KafkaHealthCheck(Admin admin) {
        this.admin = admin;
    }

    @Override
    public String name() {
        return "kafka";
    }

    @Override
    public Status check() {
        long now = System.nanoTime();
        if (lastAt != Long.MIN_VALUE && now - lastAt < CACHE_NANOS) return last;
        Status status;
        try {
            int brokers = admin.describeCluster().nodes().get(1, TimeUnit.SECONDS).size();
            status = brokers > 0 ? Status.up(brokers + " broker(s)") : Status.down("no brokers");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            status = Status.down("interrupted");
        } catch (Exception e) {
            status = Status.down("unreachable");
        }
        last = status;
        lastAt = now;
        return status;
    }
}
