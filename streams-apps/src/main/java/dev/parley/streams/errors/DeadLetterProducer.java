package dev.parley.streams.errors;

import dev.parley.schemas.KafkaClients;
import dev.parley.schemas.Topics;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A producer of one app's dead letters for records its own producer could not write. Those are handled inside that
 * producer's I/O callback, where asking the same producer to send to a topic it has no metadata for would wait for
 * metadata only that blocked thread can fetch; so they go through this separate producer, and the callback waits (up
 * to {@value #SEND_TIMEOUT_SECONDS} s) until the dead letter is on the broker. Opened on first use. Thread-safe.
 */
public final class DeadLetterProducer implements AutoCloseable {
    /** The configuration key under which an app's handlers find it (an object, not text). */
    public static final String CONFIG = "parley.dead-letter-producer";
    static final long SEND_TIMEOUT_SECONDS = 10;
    private static final Logger log = LoggerFactory.getLogger(DeadLetterProducer.class);

    private final KafkaClients kafka;
    private final String clientId;
    private KafkaProducer<byte[], byte[]> producer;
    private boolean closed;

    public DeadLetterProducer(KafkaClients kafka, String clientId) {
        this.kafka = kafka;
        this.clientId = clientId;
    }

    /** Sends {@code deadLetter} and waits until the broker has it; a failure is logged (the record is then lost). */
    void sendAndWait(ProducerRecord<byte[], byte[]> deadLetter) {
        try {
            open().send(deadLetter).get(SEND_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            log.error("interrupted while writing a dead letter to {}", deadLetter.topic());
        } catch (Exception e) {
            log.error("could not write a dead letter to {}: {}", deadLetter.topic(), e.toString());
        }
    }

    private synchronized KafkaProducer<byte[], byte[]> open() {
        if (closed) throw new IllegalStateException("the dead-letter producer is closed");
        if (producer == null) {
            Map<String, Object> config = kafka.config();
            config.put(ProducerConfig.CLIENT_ID_CONFIG, clientId);
            config.put(ProducerConfig.ACKS_CONFIG, "all");
            config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
            config.put(ProducerConfig.LINGER_MS_CONFIG, 0);
            config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, TimeUnit.SECONDS.toMillis(SEND_TIMEOUT_SECONDS));
            config.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, Topics.DEAD_LETTERS.maxMessageBytes());
            producer = new KafkaProducer<>(config, new ByteArraySerializer(), new ByteArraySerializer());
        }
        return producer;
    }

    @Override
    public synchronized void close() {
        closed = true;
        if (producer != null) producer.close(Duration.ofSeconds(5));
    }
}
