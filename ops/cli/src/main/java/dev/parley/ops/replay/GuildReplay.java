package dev.parley.ops.replay;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.ops.KafkaUnavailableException;
import dev.parley.schemas.Partitioning;
import dev.parley.schemas.Topic;
import dev.parley.schemas.json.Json;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.LongSerializer;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.parley.schemas.KeyKind;
import java.util.Base64;

import java.io.IOException;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Reads one guild's records (or every record) back from guild-keyed topics and the dead-letter topic into a
 * {@link ReplaySink}.
 *
 * <p>The guild's partition is {@link Partitioning#guildPartition}; only that partition of each topic is
 * assigned (every partition when no guild is asked for), without a consumer group and without commits, reading
 * committed data only. Other guilds' records in the partition are skipped by comparing the raw key bytes with the
 * serialized guild id, before any value is deserialized. A dead letter's value is shown as JSON when it is JSON
 * (as a string of base64 otherwise), with the error it carries. A record of the guild whose value cannot be read is reported on the error writer with topic,
 * partition and offset, and skipped. Records reach the sink in offset order per topic.
 *
 * <p>{@link #run()} blocks on the calling thread; {@link #stop()} may be called from any thread (a shutdown hook).
 */
final class GuildReplay {
    private static final Duration POLL = Duration.ofMillis(200);
    private static final LongSerializer GUILD_KEY = new LongSerializer();

    private final Map<String, Object> clientConfig;
    private final ReplayRequest request;
    private final ReplaySink sink;
    private final PrintWriter errors;
    private final Duration timeout;
    private final AtomicBoolean stopped = new AtomicBoolean();
    private volatile KafkaConsumer<byte[], byte[]> consumer;
    private long replayed;
    private long unreadable;

    /** What a replay did. */
    record Summary(long replayed, long unreadable) {
    }

    /**
     * @param clientConfig bootstrap servers and the like; the consumer settings are added here
     * @param errors       where unreadable records are reported, one line each
     * @param timeout      bound on each metadata request (partitions, offsets)
     */
    GuildReplay(Map<String, Object> clientConfig, ReplayRequest request, ReplaySink sink, PrintWriter errors,
                Duration timeout) {
        this.clientConfig = Map.copyOf(clientConfig);
        this.request = request;
        this.sink = sink;
        this.errors = errors;
        this.timeout = timeout;
    }

    /**
     * Replays until the end offsets found at the start (or the request's upper bound), or until {@link #stop()}
     * when following. Closes the sink.
     *
     * @throws KafkaUnavailableException when the cluster does not answer within the timeout
     * @throws IllegalStateException     when a topic is missing or has another partition count than the
     *                                   partitioning rule needs
     */
    Summary run() {
        try (sink; KafkaConsumer<byte[], byte[]> kafka = new KafkaConsumer<>(consumerConfig(),
                new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            consumer = kafka;
            if (stopped.get()) return summary();
            Map<TopicPartition, Topic<?, ?>> partitions = assign(kafka);
            Map<TopicPartition, Long> stops = seek(kafka, partitions.keySet());
            byte[] guildKey = request.guildId() == null ? null : GUILD_KEY.serialize(null, request.guildId());
            read(kafka, partitions, stops, guildKey);
        } catch (WakeupException e) {
            // stop() while blocked in the consumer: a normal end.
        } catch (TimeoutException e) {
            throw new KafkaUnavailableException(String.valueOf(clientConfig.get(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG)),
                    timeout, request.guildId() == null ? "replaying" : "reading guild " + request.guildId(), e);
        } finally {
            consumer = null;
        }
        return summary();
    }

    /** Ends {@link #run()} soon; safe from any thread, also before run starts. */
    void stop() {
        stopped.set(true);
        KafkaConsumer<byte[], byte[]> current = consumer;
        if (current != null) current.wakeup();
    }

    private Summary summary() {
        return new Summary(replayed, unreadable);
    }

    private Map<String, Object> consumerConfig() {
        Map<String, Object> config = new HashMap<>(clientConfig);
        config.remove(ConsumerConfig.GROUP_ID_CONFIG);
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        config.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false);
        return config;
    }

    /**
     * Assigns the guild's partition of every requested topic (every partition when no guild is asked for), after
     * checking each topic's partition count.
     */
    private Map<TopicPartition, Topic<?, ?>> assign(KafkaConsumer<byte[], byte[]> kafka) {
        Map<TopicPartition, Topic<?, ?>> partitions = new LinkedHashMap<>();
        for (Topic<?, ?> topic : request.topics()) {
            List<PartitionInfo> infos = kafka.partitionsFor(topic.name(), timeout);
            if (infos == null || infos.isEmpty()) throw new IllegalStateException("topic " + topic.name() + " does not exist");
            if (infos.size() != topic.partitions()) {
                throw new IllegalStateException("topic " + topic.name() + " has " + infos.size() + " partitions, the "
                        + "partitioning rule needs " + topic.partitions() + "; its guilds are not where replay looks");
            }
            if (request.guildId() != null) {
                partitions.put(new TopicPartition(topic.name(), Partitioning.guildPartition(request.guildId())), topic);
            } else {
                for (PartitionInfo info : infos) partitions.put(new TopicPartition(topic.name(), info.partition()), topic);
            }
        }
        kafka.assign(partitions.keySet());
        return partitions;
    }

    /**
     * Seeks each partition to the start of the window; returns the offset to stop before for each partition
     * (none when following).
     */
    private Map<TopicPartition, Long> seek(KafkaConsumer<byte[], byte[]> kafka, Set<TopicPartition> partitions) {
        Map<TopicPartition, Long> beginnings = kafka.beginningOffsets(partitions, timeout);
        Map<TopicPartition, Long> ends = kafka.endOffsets(partitions, timeout);
        Map<TopicPartition, Long> fromTimes = offsetsAtOrAfter(kafka, partitions, request.fromTime(), ends);
        Map<TopicPartition, Long> toTimes = offsetsAtOrAfter(kafka, partitions, request.toTime(), ends);
        Map<TopicPartition, Long> stops = new HashMap<>();
        for (TopicPartition tp : partitions) {
            long end = ends.get(tp);
            long start = beginnings.get(tp);
            if (request.fromOffset() != null) start = Math.max(start, request.fromOffset());
            if (fromTimes != null) start = Math.max(start, fromTimes.get(tp));
            kafka.seek(tp, Math.min(start, end));
            if (request.follow()) continue;
            long stop = end;
            if (request.toOffset() != null) stop = Math.min(stop, request.toOffset());
            if (toTimes != null) stop = Math.min(stop, toTimes.get(tp));
            stops.put(tp, stop);
        }
        return stops;
    }

    /** Per partition, the first offset whose timestamp is at or after {@code time} (the end offset when none); null for no time. */
    private Map<TopicPartition, Long> offsetsAtOrAfter(KafkaConsumer<byte[], byte[]> kafka, Set<TopicPartition> partitions,
                                                       Instant time, Map<TopicPartition, Long> ends) {
        if (time == null) return null;
        Map<TopicPartition, Long> query = new HashMap<>();
        partitions.forEach(tp -> query.put(tp, time.toEpochMilli()));
        Map<TopicPartition, OffsetAndTimestamp> found = kafka.offsetsForTimes(query, timeout);
        Map<TopicPartition, Long> offsets = new HashMap<>();
        for (TopicPartition tp : partitions) {
            OffsetAndTimestamp at = found.get(tp);
            offsets.put(tp, at == null ? ends.get(tp) : at.offset());
        }
        return offsets;
    }

    private void read(KafkaConsumer<byte[], byte[]> kafka, Map<TopicPartition, Topic<?, ?>> partitions,
                      Map<TopicPartition, Long> stops, byte[] guildKey) {
        Set<TopicPartition> reading = new HashSet<>(partitions.keySet());
        finish(kafka, reading, stops);
        while (!stopped.get() && (request.follow() || !reading.isEmpty())) {
            ConsumerRecords<byte[], byte[]> records = kafka.poll(POLL);
            for (TopicPartition tp : records.partitions()) {
                Long stop = stops.get(tp);
                Topic<?, ?> topic = partitions.get(tp);
                for (ConsumerRecord<byte[], byte[]> record : records.records(tp)) {
                    if (stop != null && record.offset() >= stop) break;
                    if (guildKey == null || Arrays.equals(record.key(), guildKey)) handle(record, topic);
                }
            }
            sink.flush();
            errors.flush();
            finish(kafka, reading, stops);
        }
    }

    /** Pauses and forgets the partitions that have reached their stop offset. */
    private static void finish(KafkaConsumer<byte[], byte[]> kafka, Set<TopicPartition> reading, Map<TopicPartition, Long> stops) {
        Set<TopicPartition> done = new HashSet<>();
        for (TopicPartition tp : reading) {
            Long stop = stops.get(tp);
            if (stop != null && kafka.position(tp) >= stop) done.add(tp);
        }
        if (done.isEmpty()) return;
        kafka.pause(done);
        reading.removeAll(done);
    }

    /** A record of the guild: deserialized with the topic's serde, filtered by type, written to the sink. */
    private void handle(ConsumerRecord<byte[], byte[]> record, Topic<?, ?> topic) {
        if (record.value() == null) {
            reportUnreadable(record, "no value");
            return;
        }
        if (topic.keyKind() == KeyKind.SOURCE) {
            handleDeadLetter(record);
            return;
        }
        Object value;
        JsonNode json;
        try {
            value = topic.valueSerde().deserializer().deserialize(record.topic(), record.headers(), record.value());
            json = Json.MAPPER.readTree(record.value());
        } catch (IOException | RuntimeException e) {
            reportUnreadable(record, e.getMessage());
            return;
        }
        String type = EventType.of(value, json);
        if (!request.types().isEmpty() && !request.types().contains(type)) return;
        sink.write(new ReplayedEvent(record, type, json));
        replayed++;
    }

    /** A dead letter: whatever its value is, shown as JSON when it is JSON, typed by its JSON {@code type} if any. */
    private void handleDeadLetter(ConsumerRecord<byte[], byte[]> record) {
        JsonNode json;
        try {
            json = Json.MAPPER.readTree(record.value());
        } catch (IOException e) {
            json = null;
        }
        if (json == null) json = TextNode.valueOf(Base64.getEncoder().encodeToString(record.value()));
        JsonNode type = json.get("type");
        String name = type != null && type.isTextual() ? type.asText() : "UNREADABLE";
        if (!request.types().isEmpty() && !request.types().contains(name)) return;
        sink.write(new ReplayedEvent(record, name, json));
        replayed++;
    }

    private void reportUnreadable(ConsumerRecord<byte[], byte[]> record, String problem) {
        unreadable++;
        String oneLine = problem == null ? "unknown problem" : problem.replaceAll("\\s+", " ");
        errors.println("parley replay: skipped " + record.topic() + " partition " + record.partition() + " offset "
                + record.offset() + ": " + oneLine);
    }
}
