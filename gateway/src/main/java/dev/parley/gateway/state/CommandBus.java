package dev.parley.gateway.state;

import dev.parley.schemas.Command;
import dev.parley.schemas.CommandHeaders;
import dev.parley.schemas.KafkaClients;
import dev.parley.schemas.Partitioning;
import dev.parley.schemas.Topic;
import dev.parley.schemas.Topics;
import dev.parley.schemas.reply.CommandReply;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.errors.RecordDeserializationException;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;

/**
 * Sends commands to the state apps and hands back their replies. Replies arrive on {@code command-replies}
 * keyed by this gateway's id; this bus reads the one partition that key hashes to (from its end at start-up,
 * without a consumer group) and completes the waiting future by request id.
 *
 * <p>Every command carries a deadline, {@code timeout} from when it is sent ({@link CommandHeaders#EXPIRES_AT}): a
 * state app that reads it later refuses it unapplied. Its future completes with the decision, or fails with
 * {@link StateUnavailableException} once {@code timeout + grace} passed without one (grace lets the decision of a
 * command applied just before its deadline arrive): a slow or stopped state app never holds a caller for longer, and
 * a command that timed out is not applied later, so a client retrying it does not apply it twice. Thread-safe.
 */
public final class CommandBus implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(CommandBus.class);

    private final String gatewayId;
    private final TopicProducer producer;
    private final Duration timeout;
    private final Duration grace;
    private final KafkaConsumer<String, CommandReply> consumer;
    private final Map<String, CompletableFuture<CommandReply>> pending = new ConcurrentHashMap<>();
    private final Thread poller;
    private volatile boolean running = true;

    /**
     * @param timeout how long after sending a command may still be applied
     * @param grace   how much longer its decision is waited for
     */
    public CommandBus(KafkaClients kafka, String prefix, String gatewayId, TopicProducer producer, Duration timeout,
                      Duration grace) {
        this.gatewayId = gatewayId;
        this.producer = producer;
        this.timeout = timeout;
        this.grace = grace;
        Topic<String, CommandReply> replies = Topics.COMMAND_REPLIES.withPrefix(prefix);
        Map<String, Object> config = kafka.config();
        config.put(ConsumerConfig.CLIENT_ID_CONFIG, gatewayId + "-replies");
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        config.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 50);
        this.consumer = new KafkaConsumer<>(config, replies.keySerde().deserializer(), replies.valueSerde().deserializer());
        TopicPartition partition = new TopicPartition(replies.name(), Partitioning.gatewayPartition(gatewayId));
        consumer.assign(List.of(partition));
        consumer.seekToEnd(List.of(partition));
        consumer.position(partition, Duration.ofSeconds(30));
        this.poller = new Thread(this::poll, gatewayId + "-replies");
        poller.setDaemon(true);
        poller.start();
    }

    /** A new request id for a command. */
    public static String newRequestId() {
        return UUID.randomUUID().toString();
    }

    /** This gateway's id: what commands carry as {@code reply_to}. */
    public String replyTo() {
        return gatewayId;
    }

    /**
     * Publishes {@code command} (built with {@link #replyTo()} and a {@link #newRequestId()}) and returns its reply.
     * The future fails with {@link StateUnavailableException} when Kafka refuses the command or no reply comes in time.
     */
    public <K, C extends Command> CompletableFuture<CommandReply> send(Topic<K, ? super C> topic, K key, C command) {
        CompletableFuture<CommandReply> reply = new CompletableFuture<>();
        RecordHeaders headers = new RecordHeaders();
        CommandHeaders.expiresAt(headers, System.currentTimeMillis() + timeout.toMillis());
        CompletableFuture<CommandReply> answer = reply.orTimeout(timeout.plus(grace).toMillis(), TimeUnit.MILLISECONDS)
                .exceptionallyCompose(translate(command.requestId()))
                .whenComplete((r, e) -> pending.remove(command.requestId()));
        pending.put(command.requestId(), reply);
        @SuppressWarnings("unchecked")
        Topic<K, C> typed = (Topic<K, C>) topic;
        try {
            producer.send(typed, key, command, headers).whenComplete((metadata, error) -> {
                if (error != null) reply.completeExceptionally(new StateUnavailableException("Kafka refused the command", error));
            });
        } catch (RuntimeException e) {
            reply.completeExceptionally(new StateUnavailableException("cannot send the command: " + e.getMessage(), e));
        }
        return answer;
    }

    private Function<Throwable, CompletableFuture<CommandReply>> translate(String requestId) {
        return error -> {
            Throwable cause = error instanceof java.util.concurrent.CompletionException ? error.getCause() : error;
            if (cause instanceof TimeoutException) {
                cause = new StateUnavailableException("no answer to request " + requestId + " within "
                        + timeout.plus(grace).toMillis() + " ms; it was not applied");
            }
            return CompletableFuture.failedFuture(cause);
        };
    }

    private void poll() {
        try {
            while (running) {
                try {
                    for (ConsumerRecord<String, CommandReply> record : consumer.poll(Duration.ofMillis(500))) {
                        if (!gatewayId.equals(record.key()) || record.value() == null) continue;
                        CompletableFuture<CommandReply> waiting = pending.remove(record.value().requestId());
                        if (waiting != null) waiting.complete(record.value());
                    }
                } catch (RecordDeserializationException e) {
                    log.warn("skipping unreadable reply at {} offset {}: {}", e.topicPartition(), e.offset(), e.getMessage());
                    consumer.seek(e.topicPartition(), e.offset() + 1);
                }
            }
        } catch (WakeupException e) {
            // closing
        } catch (RuntimeException e) {
            log.error("reply consumer of {} failed; REST writes will time out", gatewayId, e);
        } finally {
            consumer.close(Duration.ofSeconds(2));
        }
    }

    @Override
    public void close() {
        running = false;
        consumer.wakeup();
        try {
            poller.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
