package dev.parley.streams.errors;

import dev.parley.schemas.DeadLetters;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.streams.errors.DeserializationExceptionHandler;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.errors.ProcessingExceptionHandler;
import org.apache.kafka.streams.errors.ProductionExceptionHandler;
import org.apache.kafka.streams.processor.api.Record;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.Map;

/**
 * The exception handlers every streams app runs with: a record that cannot be read, processed or written is sent to
 * the dead-letter topic (original key, value and headers, plus the error: {@link DeadLetters}) and the app goes on with
 * the next one, so one bad record never stops a partition. Each is logged with its topic, partition and offset and
 * counted in {@link DeadLetterCounts}. Kafka Streams makes and configures the handlers from the app's configuration
 * ({@link dev.parley.streams.StreamsAppContext#baseConfig}).
 *
 * <p>A record that cannot be written is dead-lettered through the app's {@link DeadLetterProducer} (the handler runs
 * in the app producer's I/O callback). One that cannot be written because the broker is briefly unable to take it
 * (a retriable error) is retried,
 * not dead-lettered. Every other failure to write an output (e.g. larger than the topic takes) dead-letters that
 * output record; the state app's size limits exist so that this never happens to a state store's changelog, whose
 * store would otherwise keep a value its changelog lacks.
 */
public final class DeadLetterHandlers {
    /** The configuration key of the deployment's topic prefix, which names the dead-letter and reply topics. */
    public static final String TOPIC_PREFIX_CONFIG = DeadLetterConfig.TOPIC_PREFIX;
    private static final Logger log = LoggerFactory.getLogger(DeadLetterHandlers.class);

    private DeadLetterHandlers() {
    }

    private static void logged(DeadLetterConfig config, DeadLetters.Stage stage, ErrorHandlerContext context, Exception e) {
        config.counts().add(stage);
        log.error("{}: {} failed at {}-{} offset {} ({}); sent to {}", config.app(), stage.label(),
                context == null ? "?" : context.topic(), context == null ? -1 : context.partition(),
                context == null ? -1 : context.offset(), e.toString(), config.deadLetterTopic(), e);
    }

    /** A record that cannot be deserialized. */
    public static final class Deserialization implements DeserializationExceptionHandler {
        private DeadLetterConfig config;

        @Override
        public void configure(Map<String, ?> configs) {
            config = DeadLetterConfig.from(configs);
        }

        @Override
        public Response handleError(ErrorHandlerContext context, ConsumerRecord<byte[], byte[]> record, Exception exception) {
            logged(config, DeadLetters.Stage.DESERIALIZATION, context, exception);
            return Response.resume(List.of(DeadLetterRecords.deadLetter(config, DeadLetters.Stage.DESERIALIZATION,
                    record.key(), record.value(), context, record.headers(), exception, null)));
        }
    }

    /** A record whose processing throws, or a punctuator that throws ({@code record} then null). */
    public static final class Processing implements ProcessingExceptionHandler {
        private DeadLetterConfig config;

        @Override
        public void configure(Map<String, ?> configs) {
            config = DeadLetterConfig.from(configs);
        }

        @Override
        public Response handleError(ErrorHandlerContext context, Record<?, ?> record, Exception exception) {
            logged(config, DeadLetters.Stage.PROCESSING, context, exception);
            ProducerRecord<byte[], byte[]> deadLetter = DeadLetterRecords.deadLetter(config, DeadLetters.Stage.PROCESSING,
                    context.sourceRawKey(), context.sourceRawValue(), context, context.headers(), exception, null);
            // a punctuator's failure has no record: nothing waits for an answer then
            return Response.resume(DeadLetterRecords.withReply(config, deadLetter, record == null ? null : record.value()));
        }
    }

    /** An output record the producer cannot send (or serialize). */
    public static final class Production implements ProductionExceptionHandler {
        private DeadLetterConfig config;

        @Override
        public void configure(Map<String, ?> configs) {
            config = DeadLetterConfig.from(configs);
        }

        @Override
        public Response handleError(ErrorHandlerContext context, ProducerRecord<byte[], byte[]> record, Exception exception) {
            if (exception instanceof RetriableException) return Response.retry();
            logged(config, DeadLetters.Stage.PRODUCTION, context, exception);
            config.producer().sendAndWait(DeadLetterRecords.deadLetter(config, DeadLetters.Stage.PRODUCTION,
                    record.key(), record.value(), context, record.headers(), exception, record.topic()));
            return Response.resume();
        }

        @Override
        @SuppressWarnings("rawtypes")
        public Response handleSerializationError(ErrorHandlerContext context, ProducerRecord record, Exception exception,
                                                 SerializationExceptionOrigin origin) {
            logged(config, DeadLetters.Stage.PRODUCTION, context, exception);
            return Response.resume(List.of(DeadLetterRecords.deadLetter(config, DeadLetters.Stage.PRODUCTION,
                    context == null ? null : context.sourceRawKey(), context == null ? null : context.sourceRawValue(),
                    context, context == null ? null : context.headers(), exception, record.topic())));
        }
    }
}
