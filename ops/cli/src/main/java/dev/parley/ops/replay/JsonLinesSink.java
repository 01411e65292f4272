package dev.parley.ops.replay;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parley.schemas.DeadLetters;
import dev.parley.schemas.json.Json;
import org.apache.kafka.clients.consumer.ConsumerRecord;

import java.io.PrintWriter;
import java.time.Instant;

/**
 * Writes each replayed record as one line of JSON:
 * {@code {"topic", "partition", "offset", "timestamp" (ISO-8601), "type", "event" (the value's JSON)}}, and for a
 * dead letter {@code "error"}: stage, app, exception, message and the source record's topic, partition and offset.
 * Does not close the writer it was given.
 */
final class JsonLinesSink implements ReplaySink {
    private final PrintWriter out;

    JsonLinesSink(PrintWriter out) {
        this.out = out;
    }

    @Override
    public void write(ReplayedEvent event) {
        ConsumerRecord<byte[], byte[]> record = event.record();
        ObjectNode line = Json.MAPPER.createObjectNode();
        line.put("topic", record.topic());
        line.put("partition", record.partition());
        line.put("offset", record.offset());
        line.put("timestamp", Instant.ofEpochMilli(record.timestamp()).toString());
        line.put("type", event.type());
        line.set("event", event.event());
        if (DeadLetters.header(record.headers(), DeadLetters.STAGE) != null) line.set("error", error(record));
        try {
            out.println(Json.MAPPER.writeValueAsString(line));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write " + record.topic() + "/" + record.partition() + "@"
                    + record.offset() + " as JSON", e);
        }
    }

    /** What a dead letter's headers say about why it failed and where it came from. */
    private static ObjectNode error(ConsumerRecord<byte[], byte[]> record) {
        ObjectNode error = Json.MAPPER.createObjectNode();
        error.put("stage", DeadLetters.header(record.headers(), DeadLetters.STAGE));
        error.put("app", DeadLetters.header(record.headers(), DeadLetters.APP));
        error.put("exception", DeadLetters.header(record.headers(), DeadLetters.EXCEPTION));
        error.put("message", DeadLetters.header(record.headers(), DeadLetters.MESSAGE));
        error.put("topic", DeadLetters.header(record.headers(), DeadLetters.TOPIC));
        error.put("partition", DeadLetters.header(record.headers(), DeadLetters.PARTITION));
        error.put("offset", DeadLetters.header(record.headers(), DeadLetters.OFFSET));
        error.put("target_topic", DeadLetters.header(record.headers(), DeadLetters.TARGET_TOPIC));
        return error;
    }

    @Override
    public void flush() {
        out.flush();
    }

    @Override
    public void close() {
        flush();
    }
}
