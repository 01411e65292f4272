package dev.parley.gateway.http;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.DescribeClusterOptions;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.LongSupplier;

/**
 * Kafka is up when the cluster answered its latest metadata request (within a second) with at least one broker.
 * {@link #check} never waits: it answers the latest result, and when that is over a second old starts one new
 * request in the background (one at a time), whose answer the next checks see. So a burst of health requests costs
 * one round trip, and no I/O thread waits for the cluster; until the first answer it says {@code unknown}.
 */
public final class KafkaHealthCheck implements HealthCheck {
    private static final long REFRESH_NANOS = TimeUnit.SECONDS.toNanos(1);
    private static final int REQUEST_TIMEOUT_MS = 1000;
    private final Admin admin;
    private final LongSupplier nanoClock;
    private final AtomicBoolean asking = new AtomicBoolean();
    private volatile Status last = Status.down("unknown");
    private volatile long lastAt;
    private volatile boolean answered;

    public KafkaHealthCheck(Admin admin) {
        this(admin, System::nanoTime);
    }

    KafkaHealthCheck(Admin admin, LongSupplier nanoClock) {
        this.admin = admin;
        this.nanoClock = nanoClock;
        check(); // the first answer is on its way before anyone asks
    }

    @Override
    public String name() {
        return "kafka";
    }

    @Override
    public Status check() {
        if ((!answered || nanoClock.getAsLong() - lastAt >= REFRESH_NANOS) && asking.compareAndSet(false, true)) refresh();
        return last;
    }

    private void refresh() {
        try {
            admin.describeCluster(new DescribeClusterOptions().timeoutMs(REQUEST_TIMEOUT_MS)).nodes()
                    .whenComplete((nodes, error) -> done(error != null ? Status.down("unreachable")
                            : nodes.isEmpty() ? Status.down("no brokers") : Status.up(nodes.size() + " broker(s)")));
        } catch (RuntimeException e) {
            done(Status.down("unreachable"));
        }
    }

    private void done(Status status) {
        last = status;
        lastAt = nanoClock.getAsLong();
        answered = true;
        asking.set(false);
    }
}
