package dev.parley.gateway.fanout;

import dev.parley.schemas.KafkaClients;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The consumer thread's task deadlines. With nothing assigned the thread never polls Kafka, so no broker is needed:
 * the bootstrap address is never dialled.
 */
class FanoutConsumerTest {
    private static final Duration TIMEOUT = Duration.ofMillis(300);

    private FanoutConsumer consumer;

    @BeforeEach
    void start() {
        consumer = new FanoutConsumer(KafkaClients.at("127.0.0.1:1"), "test-fanout", new FanoutBrake(() -> 0, 1000),
                lag -> { }, TIMEOUT);
        consumer.start(polled -> { }, record -> { }, () -> { });
    }

    @AfterEach
    void stop() {
        consumer.close();
    }

    @Test
    void shouldRunASubmittedTaskAndComplete() throws Exception {
        AtomicBoolean ran = new AtomicBoolean();
        assertNull(consumer.submit(() -> ran.set(true)).get(5, TimeUnit.SECONDS));
        assertTrue(ran.get());
    }

    @Test
    void shouldFailWithWhatTheTaskThrew() {
        CompletableFuture<Void> done = consumer.submit(() -> {
            throw new IllegalStateException("boom");
        });
        ExecutionException failure = assertThrows(ExecutionException.class, () -> done.get(5, TimeUnit.SECONDS));
        assertInstanceOf(IllegalStateException.class, failure.getCause());
        assertTrue(consumer.alive(), "a failing task does not stop the thread");
    }

    @Test
    void shouldGiveUpOnAStalledThreadAndNeverRunTheTaskLate() throws Exception {
        CountDownLatch release = stallThread();
        AtomicBoolean ran = new AtomicBoolean();
        CompletableFuture<Void> late = consumer.submit(() -> ran.set(true));
        ExecutionException failure = assertThrows(ExecutionException.class, () -> late.get(5, TimeUnit.SECONDS));
        assertInstanceOf(FanoutStalledException.class, failure.getCause());

        release.countDown();
        assertNull(consumer.submit(() -> { }).get(5, TimeUnit.SECONDS), "the thread answers again once unstuck");
        assertFalse(ran.get(), "a task whose caller gave up is not run");
    }

    @Test
    void shouldRunWhatIsExecutedHoweverLateItComes() throws Exception {
        CountDownLatch release = stallThread();
        CountDownLatch cleanedUp = new CountDownLatch(1);
        consumer.execute(cleanedUp::countDown);
        CompletableFuture<Void> late = consumer.submit(() -> { });
        ExecutionException failure = assertThrows(ExecutionException.class, () -> late.get(5, TimeUnit.SECONDS));
        assertInstanceOf(FanoutStalledException.class, failure.getCause(), "the task timeout has passed");
        release.countDown();
        assertTrue(cleanedUp.await(5, TimeUnit.SECONDS), "an executed task (a cleanup) runs whenever the thread gets to it");
    }

    /** Keeps the consumer's thread busy until the latch returned is counted down. */
    private CountDownLatch stallThread() {
        CountDownLatch release = new CountDownLatch(1);
        consumer.execute(() -> {
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        return release;
    }

    @Test
    void shouldRefuseATimeoutThatIsNotPositive() {
        assertThrows(IllegalArgumentException.class, () -> new FanoutConsumer(KafkaClients.at("127.0.0.1:1"), "x",
                new FanoutBrake(() -> 0, 1000), lag -> { }, Duration.ZERO));
    }
}
