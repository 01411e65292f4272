package dev.parley.streams.errors;

import dev.parley.schemas.Command;
import dev.parley.schemas.DeadLetters;
import dev.parley.schemas.Topics;
import dev.parley.schemas.reply.CommandReply;
import dev.parley.schemas.reply.Rejected;
import dev.parley.schemas.reply.Rejection;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.errors.ErrorHandlerContext;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Builds the records a dead-letter handler asks Kafka Streams to send: the dead letter, and a reply if someone waits. */
final class DeadLetterRecords {
    private static final int MAX_MESSAGE_CHARS = 2000;

    private DeadLetterRecords() {
    }

    /**
     * A dead letter holding {@code key} and {@code value} unchanged, the source record's headers, and why and where it
     * failed ({@link DeadLetters}).
     */
    static ProducerRecord<byte[], byte[]> deadLetter(DeadLetterConfig config, DeadLetters.Stage stage, byte[] key,
                                                     byte[] value, ErrorHandlerContext context, Headers sourceHeaders,
                                                     Exception error, String targetTopic) {
        RecordHeaders headers = new RecordHeaders();
        if (sourceHeaders != null) {
            for (Header header : sourceHeaders) headers.add(header);
        }
        add(headers, DeadLetters.STAGE, stage.label());
        add(headers, DeadLetters.APP, config.app());
        add(headers, DeadLetters.EXCEPTION, error.getClass().getName());
        String message = String.valueOf(error.getMessage());
        add(headers, DeadLetters.MESSAGE, message.length() > MAX_MESSAGE_CHARS ? message.substring(0, MAX_MESSAGE_CHARS) : message);
        if (context != null) {
            add(headers, DeadLetters.TOPIC, context.topic());
            add(headers, DeadLetters.PARTITION, String.valueOf(context.partition()));
            add(headers, DeadLetters.OFFSET, String.valueOf(context.offset()));
        }
        if (targetTopic != null) add(headers, DeadLetters.TARGET_TOPIC, targetTopic);
        Long timestamp = context == null || context.timestamp() < 0 ? null : context.timestamp();
        return new ProducerRecord<>(config.deadLetterTopic(), null, timestamp, key, value, headers);
    }

    /**
     * The records for a command that could not be processed: its dead letter and, when a gateway waits for the
     * command's decision, a {@link Rejection#INTERNAL_ERROR} reply, so its client hears at once instead of timing out.
     */
    static List<ProducerRecord<byte[], byte[]>> withReply(DeadLetterConfig config, ProducerRecord<byte[], byte[]> deadLetter,
                                                          Object value) {
        List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>();
        records.add(deadLetter);
        if (value instanceof Command command && command.replyTo() != null && command.requestId() != null) {
            var replies = Topics.COMMAND_REPLIES;
            CommandReply reply = new Rejected(command.requestId(), Rejection.INTERNAL_ERROR, null,
                    "the request could not be processed; it was set aside for the operators (dead letter)");
            records.add(new ProducerRecord<>(config.replyTopic(),
                    replies.keySerde().serializer().serialize(config.replyTopic(), command.replyTo()),
                    replies.valueSerde().serializer().serialize(config.replyTopic(), reply)));
        }
        return records;
    }

    private static void add(RecordHeaders headers, String name, String value) {
        headers.add(name, value == null ? null : value.getBytes(StandardCharsets.UTF_8));
    }
}
