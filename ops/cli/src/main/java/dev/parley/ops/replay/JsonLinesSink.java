package dev.parley.ops.replay;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parley.schemas.json.Json;
import org.apache.kafka.clients.consumer.ConsumerRecord;

import java.io.PrintWriter;
import java.time.Instant;

/**
 * Writes each replayed record as one line of JSON:
 * {@code {"topic", "partition", "offset", "timestamp" (ISO-8601), "type", "event" (the value's JSON)}}.
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
        try {
            out.println(Json.MAPPER.writeValueAsString(line));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write " + record.topic() + "/" + record.partition() + "@"
                    + record.offset() + " as JSON", e);
        }
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
