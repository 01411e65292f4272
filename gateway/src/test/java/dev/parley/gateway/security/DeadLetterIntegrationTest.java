package dev.parley.gateway.security;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.gateway.protocol.Intents;
import dev.parley.gateway.testing.GatewayFixture;
import dev.parley.gateway.testing.GatewayTestClient;
import dev.parley.gateway.testing.TestUsers;
import dev.parley.gateway.testing.TestUsers.Account;
import dev.parley.kafka.testkit.KafkaBrokerExtension;
import dev.parley.kafka.testkit.TestKafka;
import dev.parley.kafka.testkit.TopicReader;
import dev.parley.schemas.DeadLetters;
import dev.parley.schemas.Topics;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.LongSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A record that cannot be read or written never stops a partition: it goes to the dead-letter topic with its key,
 * value and headers and the error, it is counted, and the guilds of the same partition go on being served.
 */
@ExtendWith(KafkaBrokerExtension.class)
class DeadLetterIntegrationTest {
    private static final long MESSAGES = Intents.GUILDS | Intents.GUILD_MESSAGES | Intents.MESSAGE_CONTENT;
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static GatewayFixture fixture;
    private static TestUsers users;

    @BeforeAll
    static void start(TestKafka kafka, @TempDir Path state) {
        fixture = GatewayFixture.start(kafka, state, gateway -> gateway);
        users = new TestUsers(fixture);
    }

    @AfterAll
    static void stop() {
        if (fixture != null) fixture.close();
    }

    @Test
    void shouldSetAsideAnUnreadableCommandAndServeItsPartition() {
        Account owner = users.register();
        JsonNode guild = users.createGuild(owner, "Poisoned");
        long guildId = guild.get("id").asLong();
        String general = guild.get("channels").get(0).get("id").asText();
        byte[] poison = "{\"type\":\"CREATE_MESSAGE\",\"content\":".getBytes(StandardCharsets.UTF_8);
        try (var producer = new KafkaProducer<>(fixture.kafka().producerConfig(), new LongSerializer(), new ByteArraySerializer());
             var letters = deadLetters()) {
            ProducerRecord<Long, byte[]> record = new ProducerRecord<>(
                    Topics.GUILD_COMMANDS.withPrefix(fixture.kafka().topicPrefix()).name(), guildId, poison);
            record.headers().add("origin", "attacker".getBytes(StandardCharsets.UTF_8));
            producer.send(record);
            producer.flush();
            var letter = letters.await(WAIT, r -> Arrays.equals(poison, r.value()));
            assertEquals("deserialization", DeadLetters.header(letter.headers(), DeadLetters.STAGE));
            assertEquals("guild-state", DeadLetters.header(letter.headers(), DeadLetters.APP));
            assertEquals("attacker", DeadLetters.header(letter.headers(), "origin"), "the original headers are kept");
            assertEquals(Topics.GUILD_COMMANDS.withPrefix(fixture.kafka().topicPrefix()).name(),
                    DeadLetters.header(letter.headers(), DeadLetters.TOPIC));
            assertTrue(Arrays.equals(new LongSerializer().serialize(null, guildId), letter.key()), "the original key");
        }
        assertEquals("after the poison", users.post(owner, general, "after the poison").get("content").asText());
    }

    @Test
    void shouldSetAsideAnEventKafkaRefusesAndDeliverTheNextOne() throws Exception {
        Account author = users.register();
        Account reader = users.register();
        JsonNode guild = users.createGuild(author, "Oversized");
        String general = guild.get("channels").get(0).get("id").asText();
        users.join(reader, guild.get("id").asText());
        String events = Topics.GUILD_EVENTS.withPrefix(fixture.kafka().topicPrefix()).name();
        setMaxMessageBytes(events, "2000");
        try (GatewayTestClient readers = fixture.identified(reader.token(), MESSAGES); var letters = deadLetters()) {
            String big = "b".repeat(1900);
            HttpResponse<String> posted = users.postRaw(author, general, "{\"content\":\"" + big + "\"}");
            assertEquals(200, posted.statusCode(), "the post itself was applied: " + posted.body());
            var letter = letters.await(WAIT, r -> new String(r.value(), StandardCharsets.UTF_8).contains(big));
            assertEquals("production", DeadLetters.header(letter.headers(), DeadLetters.STAGE));
            assertEquals(events, DeadLetters.header(letter.headers(), DeadLetters.TARGET_TOPIC));
            assertTrue(DeadLetters.header(letter.headers(), DeadLetters.EXCEPTION).contains("RecordTooLarge"),
                    DeadLetters.header(letter.headers(), DeadLetters.EXCEPTION));
            users.post(author, general, "small again");
            assertEquals("small again", readers.awaitDispatch("MESSAGE_CREATE").get("d").get("content").asText(),
                    "the partition goes on; the refused event was set aside, not retried forever");
        } finally {
            setMaxMessageBytes(events, null);
        }
        String metrics = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
                java.net.URI.create(fixture.queryUrl() + "/metrics")).header("Authorization", GatewayFixture.clusterAuthorization())
                .build(), HttpResponse.BodyHandlers.ofString()).body();
        assertTrue(metrics.lines().anyMatch(l -> l.startsWith("parley_streams_dead_letters_total")
                && l.contains("stage=\"production\"") && !l.endsWith(" 0.0")), "counted in /metrics");
    }

    private static void setMaxMessageBytes(String topic, String value) throws Exception {
        try (var admin = fixture.kafka().admin()) {
            ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
            AlterConfigOp op = value == null
                    ? new AlterConfigOp(new ConfigEntry(TopicConfig.MAX_MESSAGE_BYTES_CONFIG, ""), AlterConfigOp.OpType.DELETE)
                    : new AlterConfigOp(new ConfigEntry(TopicConfig.MAX_MESSAGE_BYTES_CONFIG, value), AlterConfigOp.OpType.SET);
            admin.incrementalAlterConfigs(Map.of(resource, List.of(op))).all().get();
        }
    }

    private static TopicReader<byte[], byte[]> deadLetters() {
        return new TopicReader<>(fixture.kafka(), Topics.DEAD_LETTERS.withPrefix(fixture.kafka().topicPrefix()).name(),
                new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }
}
