package dev.parley.ops.replay;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.kafka.testkit.Eventually;
import dev.parley.kafka.testkit.KafkaBrokerExtension;
import dev.parley.kafka.testkit.TestKafka;
import dev.parley.kafka.testkit.TopicReader;
import dev.parley.ops.ParleyCommand;
import dev.parley.ops.Provisioning;
import dev.parley.schemas.Partitioning;
import dev.parley.schemas.Topic;
import dev.parley.schemas.Topics;
import dev.parley.schemas.guild.GuildEvent;
import dev.parley.schemas.guild.Member;
import dev.parley.schemas.guild.Message;
import dev.parley.schemas.guild.MessageCreated;
import dev.parley.schemas.guild.TypingStarted;
import dev.parley.schemas.guild.User;
import dev.parley.schemas.json.Json;
import dev.parley.schemas.presence.PresenceUpdate;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Guild A and guild B share a partition, guild C lives in another; their events are interleaved on guild-events and
 * presence-updates, with an unreadable value under A's key and one under B's key.
 */
@ExtendWith(KafkaBrokerExtension.class)
class GuildReplayIntegrationTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    private static final long GUILD_A = 1_250_000_000_000_000_001L;
    private static final long GUILD_B = guildIn(Partitioning.guildPartition(GUILD_A), true);
    private static final long GUILD_C = guildIn(Partitioning.guildPartition(GUILD_A), false);
    private static final User ALICE = User.of(1_240_000_000_000_000_007L, "alice", false);
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    private static final int ROUNDS = 5;

    private TestKafka kafka;
    private Topic<Long, GuildEvent> guildEvents;
    private Topic<Long, PresenceUpdate> presences;
    /** What was written for guild A, readable records only, in offset order per topic. */
    private final List<Sent> sentForA = new ArrayList<>();
    private long unreadableOffsetOfA;
    private int second;

    private record Sent(String topic, int partition, long offset, Instant timestamp, String label, byte[] key, byte[] value) {
    }

    @BeforeEach
    void produceInterleavedGuilds(TestKafka kafka) throws Exception {
        this.kafka = kafka;
        guildEvents = Topics.GUILD_EVENTS.withPrefix(kafka.topicPrefix());
        presences = Topics.PRESENCE_UPDATES.withPrefix(kafka.topicPrefix());
        Provisioning.ensureTopics(kafka.bootstrapServers(), kafka.topicPrefix());
        try (var producer = new KafkaProducer<>(kafka.producerConfig(), new ByteArraySerializer(), new ByteArraySerializer())) {
            for (int i = 0; i < ROUNDS; i++) {
                for (long guild : List.of(GUILD_A, GUILD_B, GUILD_C)) {
                    send(producer, guildEvents, guild, message(guild, "msg-" + i));
                }
                send(producer, guildEvents, GUILD_A, typing(GUILD_A, "typ-" + i));
                if (i == 2) {
                    unreadableOffsetOfA = sendRaw(producer, guildEvents, GUILD_A, "not json").offset();
                    sendRaw(producer, guildEvents, GUILD_B, "{\"type\":\"MESSAGE_CREATE\", broken");
                }
            }
            for (long guild : List.of(GUILD_B, GUILD_A, GUILD_C)) {
                send(producer, presences, guild, new PresenceUpdate(guild, ALICE, "idle", List.of(), Map.of("web", "idle")));
            }
        }
    }

    @Test
    void shouldReturnExactlyOneGuildsEventsInOrder() {
        assertEquals(Partitioning.guildPartition(GUILD_A), Partitioning.guildPartition(GUILD_B), "B shares A's partition");
        assertNotEquals(Partitioning.guildPartition(GUILD_A), Partitioning.guildPartition(GUILD_C), "C does not");

        StringWriter errors = new StringWriter();
        List<ReplayedEvent> replayed = replay(request(GUILD_A, Set.of(), null, null, null, null, false), errors);

        for (String topic : List.of(guildEvents.name(), presences.name())) {
            List<Sent> sent = sentForA.stream().filter(s -> s.topic().equals(topic)).toList();
            List<ReplayedEvent> read = replayed.stream().filter(e -> e.record().topic().equals(topic)).toList();
            assertEquals(labels(sent), labels(read), "exactly A's records of " + topic + ", in order");
            assertEquals(sent.stream().map(Sent::offset).toList(), read.stream().map(e -> e.record().offset()).toList());
        }
        assertEquals(sentForA.size(), replayed.size(), "nothing of B or C");
        assertTrue(replayed.stream().allMatch(e -> e.record().partition() == Partitioning.guildPartition(GUILD_A)));
        assertEquals(List.of("MESSAGE_CREATE", "TYPING_START"), replayed.stream()
                .filter(e -> e.record().topic().equals(guildEvents.name())).limit(2).map(ReplayedEvent::type).toList());
        assertTrue(replayed.stream().anyMatch(e -> e.record().topic().equals(presences.name())
                && e.type().equals("PRESENCE_UPDATE")));
        assertEquals(List.of("parley replay: skipped " + guildEvents.name() + " partition " + Partitioning.guildPartition(GUILD_A)
                + " offset " + unreadableOffsetOfA),
                errors.toString().lines().map(l -> l.replaceFirst("(offset \\d+): .*", "$1")).toList(),
                "only A's unreadable record is reported: B's is skipped by its key, unread");
    }

    @Test
    void shouldKeepOnlyTheChosenTypesWithinTheOffsetRange() {
        long from = offsetOf(guildEvents, "msg-1");
        long to = offsetOf(guildEvents, "msg-3");

        List<ReplayedEvent> replayed = replay(request(GUILD_A, Set.of("MESSAGE_CREATE"), from, to, null, null, false),
                new StringWriter());

        assertEquals(List.of("msg-1", "msg-2"), labels(replayed), "from inclusive, to exclusive, messages only");
    }

    @Test
    void shouldKeepOnlyTheChosenTypesWithinTheTimeRange() {
        Instant from = timestampOf(guildEvents, "typ-1");
        Instant to = timestampOf(guildEvents, "msg-4");

        List<ReplayedEvent> replayed = replay(request(GUILD_A, Set.of("TYPING_START"), null, null, from, to, false),
                new StringWriter());

        assertEquals(List.of("typ-1", "typ-2", "typ-3"), labels(replayed));
        List<ReplayedEvent> presencesOnly = replay(new ReplayRequest(GUILD_A, List.of(guildEvents, presences),
                Set.of("PRESENCE_UPDATE"), null, null, null, null, false), new StringWriter());
        assertEquals(List.of("presence"), labels(presencesOnly));
    }

    @Test
    void shouldCopyExactlyOneGuildsRecordsToAnotherTopic() throws Exception {
        String target = kafka.topicPrefix() + "replayed";
        try (Admin admin = kafka.admin()) {
            admin.createTopics(List.of(new NewTopic(target, 1, (short) 1))).all().get();
        }
        ReplayRequest request = new ReplayRequest(GUILD_A, List.of(guildEvents), Set.of(), null, null, null, null, false);

        GuildReplay.Summary summary = new GuildReplay(clientConfig(), request,
                TopicCopySink.open(kafka.producerConfig(), target, TIMEOUT), new PrintWriter(new StringWriter()), TIMEOUT).run();

        List<Sent> expected = sentForA.stream().filter(s -> s.topic().equals(guildEvents.name())).toList();
        assertEquals(expected.size(), summary.replayed());
        try (var reader = new TopicReader<>(kafka, target, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            byte[] last = expected.get(expected.size() - 1).value();
            reader.await(TIMEOUT, r -> Arrays.equals(r.value(), last));
            var copied = reader.seen();
            assertEquals(expected.size(), copied.size());
            for (int i = 0; i < expected.size(); i++) {
                assertArrayEquals(expected.get(i).key(), copied.get(i).key(), "key of copy " + i);
                assertArrayEquals(expected.get(i).value(), copied.get(i).value(), "value of copy " + i);
            }
        }
    }

    @Test
    void shouldFollowNewRecordsUntilStopped() throws Exception {
        List<ReplayedEvent> sink = new CopyOnWriteArrayList<>();
        ReplayRequest request = new ReplayRequest(GUILD_A, List.of(guildEvents), Set.of("MESSAGE_CREATE"),
                null, null, null, null, true);
        GuildReplay replay = new GuildReplay(clientConfig(), request, listSink(sink), new PrintWriter(new StringWriter()), TIMEOUT);
        CompletableFuture<GuildReplay.Summary> running = CompletableFuture.supplyAsync(replay::run);

        Eventually.await(TIMEOUT, "the existing messages", () -> sink.size() == ROUNDS);
        try (var producer = new KafkaProducer<>(kafka.producerConfig(), new ByteArraySerializer(), new ByteArraySerializer())) {
            send(producer, guildEvents, GUILD_A, message(GUILD_A, "late"));
        }
        Eventually.await(TIMEOUT, "the new message", () -> labels(sink).contains("late"));
        replay.stop();

        assertEquals(ROUNDS + 1, running.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS).replayed());
    }

    @Test
    void shouldPrintJsonLinesThroughTheCommand(@TempDir Path dir) throws Exception {
        Path config = dir.resolve("parley.properties");
        Files.writeString(config, "kafka.topic-prefix=" + kafka.topicPrefix() + "\n");
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();

        int exit = ParleyCommand.commandLine().setOut(new PrintWriter(out, true)).setErr(new PrintWriter(err, true))
                .execute("replay", "--config", config.toString(), "--bootstrap", kafka.bootstrapServers(),
                        "--guild", Long.toString(GUILD_A), "--type", "message_create");

        assertEquals(0, exit, err.toString());
        List<JsonNode> lines = out.toString().lines().map(GuildReplayIntegrationTest::parse).toList();
        assertEquals(List.of("msg-0", "msg-1", "msg-2", "msg-3", "msg-4"),
                lines.stream().map(l -> l.get("event").get("request_id").asText()).toList());
        JsonNode first = lines.get(0);
        assertEquals(guildEvents.name(), first.get("topic").asText());
        assertEquals(Partitioning.guildPartition(GUILD_A), first.get("partition").asInt());
        assertEquals(offsetOf(guildEvents, "msg-0"), first.get("offset").asLong());
        assertEquals(timestampOf(guildEvents, "msg-0").toString(), first.get("timestamp").asText());
        assertEquals("MESSAGE_CREATE", first.get("type").asText());
        assertEquals(Long.toString(GUILD_A), first.get("event").get("guild_id").asText());
        assertTrue(err.toString().contains("offset " + unreadableOffsetOfA), err.toString());
        assertTrue(err.toString().contains("5 record(s) of guild " + GUILD_A + "; 1 unreadable"), err.toString());
    }

    private List<ReplayedEvent> replay(ReplayRequest request, StringWriter errors) {
        List<ReplayedEvent> sink = new ArrayList<>();
        new GuildReplay(clientConfig(), request, listSink(sink), new PrintWriter(errors, true), TIMEOUT).run();
        return sink;
    }

    private ReplayRequest request(long guild, Set<String> types, Long fromOffset, Long toOffset, Instant fromTime,
                                  Instant toTime, boolean follow) {
        return new ReplayRequest(guild, List.of(guildEvents, presences), types, fromOffset, toOffset, fromTime, toTime, follow);
    }

    private Map<String, Object> clientConfig() {
        return Map.of(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
    }

    private static ReplaySink listSink(List<ReplayedEvent> events) {
        return new ReplaySink() {
            @Override
            public void write(ReplayedEvent event) {
                events.add(event);
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
    }

    private <V> void send(KafkaProducer<byte[], byte[]> producer, Topic<Long, V> topic, long guild, V value) throws Exception {
        byte[] bytes = topic.valueSerde().serializer().serialize(topic.name(), value);
        RecordMetadata sent = sendRaw(producer, topic, guild, bytes);
        if (guild == GUILD_A) {
            String label = value instanceof MessageCreated m ? m.requestId()
                    : value instanceof TypingStarted t ? t.requestId() : "presence";
            sentForA.add(new Sent(topic.name(), sent.partition(), sent.offset(), Instant.ofEpochMilli(sent.timestamp()), label,
                    key(topic, guild), bytes));
        }
        assertEquals(Partitioning.guildPartition(guild), sent.partition(), "the guild's partition");
    }

    private RecordMetadata sendRaw(KafkaProducer<byte[], byte[]> producer, Topic<Long, ?> topic, long guild, String value)
            throws Exception {
        return sendRaw(producer, topic, guild, value.getBytes(StandardCharsets.UTF_8));
    }

    private RecordMetadata sendRaw(KafkaProducer<byte[], byte[]> producer, Topic<Long, ?> topic, long guild, byte[] value)
            throws Exception {
        long timestamp = T0.plusSeconds(second++).toEpochMilli();
        return producer.send(new ProducerRecord<>(topic.name(), null, timestamp, key(topic, guild), value)).get();
    }

    private static byte[] key(Topic<Long, ?> topic, long guild) {
        return topic.keySerde().serializer().serialize(topic.name(), guild);
    }

    private long offsetOf(Topic<?, ?> topic, String label) {
        return sentOf(topic, label).offset();
    }

    private Instant timestampOf(Topic<?, ?> topic, String label) {
        return sentOf(topic, label).timestamp();
    }

    private Sent sentOf(Topic<?, ?> topic, String label) {
        return sentForA.stream().filter(s -> s.topic().equals(topic.name()) && s.label().equals(label)).findFirst().orElseThrow();
    }

    private static List<String> labels(List<?> records) {
        return records.stream().map(r -> r instanceof Sent s ? s.label() : label((ReplayedEvent) r)).toList();
    }

    private static String label(ReplayedEvent event) {
        JsonNode requestId = event.event().get("request_id");
        return requestId == null ? "presence" : requestId.asText();
    }

    private static MessageCreated message(long guild, String requestId) {
        long channel = guild + 1;
        Message message = new Message(guild + 100 + requestId.hashCode(), channel, guild, ALICE, null, "hello " + requestId,
                "2026-01-01T00:00:00Z", null, false, false, List.of(), List.of(), List.of(), List.of(), false, 0, null);
        return new MessageCreated(requestId, guild, message);
    }

    private static TypingStarted typing(long guild, String requestId) {
        return new TypingStarted(requestId, guild, guild + 1, ALICE.id(), T0.getEpochSecond(),
                Member.joined(ALICE, "2026-01-01T00:00:00Z"));
    }

    /** A guild id near {@link #GUILD_A} in (or, with {@code same} false, outside) {@code partition}. */
    private static long guildIn(int partition, boolean same) {
        for (long id = GUILD_A + 1; ; id++) {
            if ((Partitioning.guildPartition(id) == partition) == same) return id;
        }
    }

    private static JsonNode parse(String line) {
        try {
            return Json.MAPPER.readTree(line);
        } catch (Exception e) {
            throw new AssertionError("not JSON: " + line, e);
        }
    }
}
