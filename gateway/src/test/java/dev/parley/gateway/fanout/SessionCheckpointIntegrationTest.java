package dev.parley.gateway.fanout;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.gateway.GatewaySettings;
import dev.parley.gateway.protocol.Intents;
import dev.parley.gateway.testing.GatewayFixture;
import dev.parley.gateway.testing.GatewayTestClient;
import dev.parley.kafka.testkit.Eventually;
import dev.parley.kafka.testkit.KafkaBrokerExtension;
import dev.parley.kafka.testkit.TestKafka;
import dev.parley.schemas.Partitioning;
import dev.parley.schemas.Topic;
import dev.parley.schemas.Topics;
import dev.parley.schemas.session.SessionCheckpoint;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A session's checkpoints on a real broker, written by a real gateway: after READY, after its guilds change, after
 * it was handed dispatches (within the interval), and a tombstone when it ends.
 */
@ExtendWith(KafkaBrokerExtension.class)
class SessionCheckpointIntegrationTest {
    private static final Duration INTERVAL = Duration.ofMillis(300);
    private static final long INTENTS = Intents.GUILDS | Intents.GUILD_MESSAGES;
    private static GatewayFixture fixture;
    private static KafkaConsumer<String, byte[]> reader;
    private static Topic<String, SessionCheckpoint> topic;
    private static String prefix;

    @BeforeAll
    static void start(TestKafka kafka, @TempDir Path state) {
        fixture = GatewayFixture.start(kafka, state, settings -> settings
                .with(GatewaySettings.SESSION_CHECKPOINT_INTERVAL, INTERVAL));
        prefix = kafka.topicPrefix();
        topic = Topics.SESSION_CHECKPOINTS.withPrefix(prefix);
        reader = new KafkaConsumer<>(kafka.consumerConfig(), new StringDeserializer(), new ByteArrayDeserializer());
    }

    @AfterAll
    static void stop() {
        if (reader != null) reader.close();
        if (fixture != null) fixture.close();
    }

    @Test
    void shouldCheckpointASessionAsItChangesAndTombstoneItWhenItEnds() {
        String token = fixture.register("checkpointed", false).get("token").asText();
        JsonNode guild = GatewayFixture.json(fixture.send("POST", "/api/v10/guilds", "{\"name\":\"Checkpoints\"}", token).body());
        long guildId = guild.get("id").asLong();
        String channel = guild.get("channels").get(0).get("id").asText();

        GatewayTestClient client = fixture.connect("");
        client.expectOp(10);
        JsonNode ready = client.identify(token, INTENTS);
        String sessionId = ready.get("d").get("session_id").asText();
        long userId = ready.get("d").get("user").get("id").asLong();
        client.awaitDispatch("GUILD_CREATE");

        SessionCheckpoint first = awaitCheckpoint(userId, sessionId, c -> c.sequence() >= 2, "READY and GUILD_CREATE");
        assertEquals(List.of(guildId), first.guildIds());
        assertEquals(userId, first.userId());
        assertEquals(INTENTS, first.intents());
        assertEquals(fixture.gateway().id(), first.gatewayId());
        long guildEventsAtFirst = position(first, Topics.GUILD_EVENTS, Partitioning.guildPartition(guildId));

        for (int i = 0; i < 3; i++) {
            assertEquals(200, fixture.send("POST", "/api/v10/channels/" + channel + "/messages",
                    "{\"content\":\"m" + i + "\"}", token).statusCode());
        }
        long lastSeq = 0;
        for (int i = 0; i < 3; i++) lastSeq = client.awaitDispatch("MESSAGE_CREATE").get("s").asLong();
        long expected = lastSeq;
        SessionCheckpoint later = awaitCheckpoint(userId, sessionId, c -> c.sequence() == expected, "the three messages");
        long guildEventsLater = position(later, Topics.GUILD_EVENTS, Partitioning.guildPartition(guildId));
        TopicPartition guildEvents = new TopicPartition(Topics.GUILD_EVENTS.withPrefix(prefix).name(),
                Partitioning.guildPartition(guildId));
        long end = reader.endOffsets(List.of(guildEvents)).get(guildEvents);
        assertTrue(guildEventsLater >= guildEventsAtFirst + 3 && guildEventsLater <= end,
                "the resume point is past the three messages' records (" + guildEventsAtFirst + " -> " + guildEventsLater
                        + ", end " + end + ")");

        client.close(1000); // a client's normal close ends the session
        Eventually.await(Duration.ofSeconds(15), "a tombstone for the ended session",
                () -> latest(userId, sessionId).filter(r -> r.value() == null).isPresent() ? true : null);
    }

    private static long position(SessionCheckpoint checkpoint, Topic<?, ?> base, int partition) {
        String name = base.withPrefix(prefix).name();
        return checkpoint.positions().stream().filter(p -> p.topic().equals(name) && p.partition() == partition)
                .findFirst().orElseThrow(() -> new AssertionError("no position of " + name + "-" + partition + " in "
                        + checkpoint.positions())).offset();
    }

    private static SessionCheckpoint awaitCheckpoint(long userId, String sessionId, java.util.function.Predicate<SessionCheckpoint> wanted,
                                                     String what) {
        return Eventually.await(Duration.ofSeconds(15), "a checkpoint after " + what, () -> latest(userId, sessionId)
                .filter(r -> r.value() != null)
                .map(r -> topic.valueSerde().deserializer().deserialize(topic.name(), r.value()))
                .filter(wanted).orElse(null));
    }

    /** The newest record of {@code sessionId} in the checkpoints topic, read from the start of its user's partition. */
    private static Optional<ConsumerRecord<String, byte[]>> latest(long userId, String sessionId) {
        TopicPartition partition = new TopicPartition(topic.name(), Partitioning.userPartition(userId));
        reader.assign(List.of(partition));
        reader.seekToBeginning(List.of(partition));
        long end = reader.endOffsets(List.of(partition)).get(partition);
        ConsumerRecord<String, byte[]> newest = null;
        while (reader.position(partition) < end) {
            for (ConsumerRecord<String, byte[]> record : reader.poll(Duration.ofMillis(200))) {
                if (sessionId.equals(record.key())) newest = record;
            }
        }
        return Optional.ofNullable(newest);
    }

}
