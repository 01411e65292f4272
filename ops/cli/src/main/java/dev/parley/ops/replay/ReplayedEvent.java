package dev.parley.ops.replay;

import com.fasterxml.jackson.databind.JsonNode;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * One record {@link GuildReplay} matched: the record as stored (key and value bytes untouched), its type and its
 * value as JSON.
 */
record ReplayedEvent(ConsumerRecord<byte[], byte[]> record, String type, JsonNode event) {
}
