package dev.parley.gateway.fanout;

import dev.parley.schemas.KafkaClients;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The gateway's one consumer of the output topics it fans out: manual assignment (no consumer group; every gateway
 * reads its own copy), committed data only. Its thread runs the routing and every assignment change; other threads
 * hand it work with {@link #execute} or {@link #submit}, picked up between polls (at most {@value #POLL_MS} ms later;
 * records are delivered as soon as they arrive). While its {@link FanoutBrake} is engaged it pauses its partitions.
 */
final class FanoutConsumer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(FanoutConsumer.class);
    static final int POLL_MS = 50;
    /** While paused, how often the brake is looked at again. */
    private static final int PAUSED_POLL_MS = 5;
    private static final long LAG_REPORT_NANOS = 1_000_000_000L;

    private final KafkaConsumer<byte[], byte[]> consumer;
    private final BlockingQueue<Runnable> tasks = new LinkedBlockingQueue<>();
    private final Thread thread;
    private final PartitionBook.Assignment assignment = new ManualAssignment();
    private volatile Consumer<ConsumerRecords<byte[], byte[]>> journal = r -> { };
    private volatile Consumer<ConsumerRecord<byte[], byte[]>> router = r -> { };
    private volatile Runnable afterPoll = () -> { };
    private volatile boolean running = true;
    private final FanoutBrake brake;
    private volatile boolean paused;
    private final Consumer<Map<String, Map<Integer, Long>>> lagReport;
    private long lagReportedAtNanos;
    private final Duration taskTimeout;

    /** @param taskTimeout how long a {@link #submit}ted task may wait for the thread ({@code gateway.fanout.task-timeout}) */
    FanoutConsumer(KafkaClients kafka, String clientId, FanoutBrake brake,
                   Consumer<Map<String, Map<Integer, Long>>> lagReport, Duration taskTimeout) {
        if (taskTimeout.isNegative() || taskTimeout.isZero()) {
            throw new IllegalArgumentException("gateway.fanout.task-timeout must be positive: " + taskTimeout);
        }
        this.taskTimeout = taskTimeout;
        this.brake = brake;
        this.lagReport = lagReport;
        Map<String, Object> config = manualConsumerConfig(kafka, clientId);
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "latest");
        config.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 10);
        this.consumer = new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        this.thread = new Thread(this::run, clientId);
        thread.setDaemon(true);
    }

    /**
     * The configuration of a consumer of the fan-out's topics: no group (manual assignment, nothing committed),
     * committed records only, so that every reader of a partition sees the records the fan-out routes; a broker
     * with nothing new answers within 10 ms (not the default half second), so that reading up to a partition's
     * end is not held up by another partition that is at its end already.
     */
    static Map<String, Object> manualConsumerConfig(KafkaClients kafka, String clientId) {
        Map<String, Object> config = kafka.config();
        config.put(ConsumerConfig.CLIENT_ID_CONFIG, clientId);
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        config.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 10);
        return config;
    }

    /** The consumer's manual assignment; use it on the consumer's thread only. */
    PartitionBook.Assignment assignment() {
        return assignment;
    }

    /**
     * Starts the thread: each record read goes to {@code router}, partition by partition in the order of
     * {@link ConsumerRecords#partitions()}, each partition's in offset order, then the poll's records to
     * {@code journal}; {@code afterPoll} runs after each poll's records were
     * routed, before the next poll (when every record before the consumer's positions has been routed).
     */
    void start(Consumer<ConsumerRecords<byte[], byte[]>> journal, Consumer<ConsumerRecord<byte[], byte[]>> router,
               Runnable afterPoll) {
        this.journal = journal;
        this.router = router;
        this.afterPoll = afterPoll;
        thread.start();
    }

    /** Runs {@code task} on the consumer's thread, soon, however long that takes (cleanups: they must happen). */
    void execute(Runnable task) {
        tasks.add(task);
    }

    /**
     * Runs {@code task} on the consumer's thread if it gets there within the task timeout. The future completes once it
     * ran, fails with what it threw, or with {@link FanoutStalledException} at the timeout, after which the task is
     * not run (its caller has given up; what it would have set up is not wanted).
     */
    CompletableFuture<Void> submit(Runnable task) {
        return call(() -> {
            task.run();
            return null;
        });
    }

    /** As {@link #submit}, completing with what {@code task} returns. */
    <T> CompletableFuture<T> call(Supplier<T> task) {
        CompletableFuture<T> done = new CompletableFuture<>();
        tasks.add(() -> {
            if (done.isDone()) return;
            try {
                done.complete(task.get());
            } catch (RuntimeException e) {
                done.completeExceptionally(e);
                throw e;
            }
        });
        // orTimeout's timer is cancelled when the task completes: no timers pile up at a high connect rate
        return done.orTimeout(taskTimeout.toNanos(), TimeUnit.NANOSECONDS).exceptionallyCompose(e ->
                CompletableFuture.failedFuture(e instanceof TimeoutException ? new FanoutStalledException(taskTimeout) : e));
    }

    /** The positions of those of {@code partitions} that are assigned. Consumer thread only. */
    Map<TopicPartition, Long> positionsOf(Collection<TopicPartition> partitions) {
        Map<TopicPartition, Long> positions = new HashMap<>();
        Set<TopicPartition> assigned = consumer.assignment();
        for (TopicPartition partition : partitions) {
            if (assigned.contains(partition)) positions.put(partition, consumer.position(partition));
        }
        return positions;
    }

    /** Whether its partitions are paused because the I/O threads are behind. */
    boolean paused() {
        return paused;
    }

    boolean alive() {
        return thread.isAlive();
    }

    private void run() {
        try {
            while (running) {
                runTasks();
                if (consumer.assignment().isEmpty()) {
                    Runnable task = tasks.poll(POLL_MS, TimeUnit.MILLISECONDS);
                    if (task != null) runTask(task);
                    continue;
                }
                try {
                    regulate();
                    reportLag();
                    ConsumerRecords<byte[], byte[]> polled = consumer.poll(Duration.ofMillis(paused ? PAUSED_POLL_MS : POLL_MS));
                    for (TopicPartition partition : polled.partitions()) { // the order the journal says
                        for (ConsumerRecord<byte[], byte[]> record : polled.records(partition)) {
                            try {
                                router.accept(record);
                            } catch (RuntimeException e) {
                                log.warn("skipping {}-{}@{}: {}", record.topic(), record.partition(), record.offset(),
                                        e.toString());
                            }
                        }
                    }
                    journal.accept(polled);
                    afterPoll.run();
                } catch (WakeupException e) {
                    throw e;
                } catch (RuntimeException e) {
                    log.error("fan-out poll failed; retrying in a second", e);
                    Thread.sleep(1000);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (WakeupException e) {
            // closing
        } finally {
            consumer.close(Duration.ofSeconds(2));
        }
    }

    /** Pauses every assigned partition while the brake is engaged (newly assigned ones too), resumes them after. */
    private void regulate() {
        if (brake.engaged()) {
            if (!paused) log.debug("fan-out paused: the I/O threads are behind");
            consumer.pause(consumer.assignment());
            paused = true;
        } else if (paused) {
            consumer.resume(consumer.paused());
            paused = false;
        }
    }

    /** At most once a second: how far behind the end of each assigned partition the fan-out is. */
    private void reportLag() {
        long now = System.nanoTime();
        if (now - lagReportedAtNanos < LAG_REPORT_NANOS) return;
        lagReportedAtNanos = now;
        Map<String, Map<Integer, Long>> lag = new HashMap<>();
        for (TopicPartition partition : consumer.assignment()) {
            consumer.currentLag(partition).ifPresent(behind -> lag.computeIfAbsent(partition.topic(), t -> new HashMap<>())
                    .put(partition.partition(), behind));
        }
        lagReport.accept(lag);
    }

    private void runTasks() {
        Runnable task;
        while ((task = tasks.poll()) != null) runTask(task);
    }

    private void runTask(Runnable task) {
        try {
            task.run();
        } catch (WakeupException e) {
            throw e;
        } catch (RuntimeException e) {
            log.error("fan-out task failed", e);
        }
    }

    /** {@link PartitionBook.Assignment} over this consumer. */
    private final class ManualAssignment implements PartitionBook.Assignment {
        @Override
        public void assign(TopicPartition partition, long offset) {
            Set<TopicPartition> assigned = new HashSet<>(consumer.assignment());
            assigned.add(partition);
            consumer.assign(assigned);
            if (offset >= 0) {
                consumer.seek(partition, offset);
            } else {
                consumer.seekToEnd(Set.of(partition));
                consumer.position(partition);
            }
        }

        @Override
        public void unassign(TopicPartition partition) {
            if (!consumer.assignment().contains(partition)) return;
            Set<TopicPartition> assigned = new HashSet<>(consumer.assignment());
            assigned.remove(partition);
            consumer.assign(assigned);
        }

        @Override
        public long position(TopicPartition partition) {
            return consumer.position(partition);
        }
    }

    @Override
    public void close() {
        running = false;
        consumer.wakeup();
        try {
            thread.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
