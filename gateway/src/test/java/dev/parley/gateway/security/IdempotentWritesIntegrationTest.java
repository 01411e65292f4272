package dev.parley.gateway.security;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.gateway.GatewaySettings;
import dev.parley.gateway.protocol.Intents;
import dev.parley.gateway.testing.GatewayFixture;
import dev.parley.gateway.testing.GatewayTestClient;
import dev.parley.gateway.testing.TestUsers;
import dev.parley.gateway.testing.TestUsers.Account;
import dev.parley.kafka.testkit.KafkaBrokerExtension;
import dev.parley.kafka.testkit.TestKafka;
import dev.parley.kafka.testkit.TopicReader;
import dev.parley.schemas.Topics;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.LongDeserializer;
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

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A write is applied once, however often it is sent: a repeated post with {@code enforce_nonce} is answered with the
 * first message, and a write answered 503 (the state app did not answer in time) is never applied later, so the
 * client's retry is the only one applied; and an event the guild app emits again (at-least-once processing) is not
 * delivered again. (That a command processed twice after a stream-thread crash yields one
 * message with one id is shown with a real SIGKILL in the ops module's {@code StreamsCrashIntegrationTest}.)
 */
@ExtendWith(KafkaBrokerExtension.class)
class IdempotentWritesIntegrationTest {
    private static final long MESSAGES = Intents.GUILDS | Intents.GUILD_MESSAGES | Intents.MESSAGE_CONTENT;
    private static final Duration TIMEOUT = Duration.ofMillis(1500);
    private static GatewayFixture fixture;
    private static TestUsers users;

    @BeforeAll
    static void start(TestKafka kafka, @TempDir Path state) {
        fixture = GatewayFixture.start(kafka, state, gateway -> gateway.with(GatewaySettings.COMMAND_TIMEOUT, TIMEOUT)
                .with(GatewaySettings.COMMAND_REPLY_GRACE, Duration.ofMillis(500)));
        users = new TestUsers(fixture);
    }

    @AfterAll
    static void stop() {
        if (fixture != null) fixture.close();
    }

    @Test
    void shouldAnswerARepeatedNonceWithTheFirstMessageAndDeliverItOnce() {
        Account author = users.register();
        Account reader = users.register();
        JsonNode guild = users.createGuild(author, "Nonce Room");
        String general = guild.get("channels").get(0).get("id").asText();
        users.join(reader, guild.get("id").asText());
        try (GatewayTestClient readers = fixture.identified(reader.token(), MESSAGES)) {
            String body = "{\"content\":\"only once\",\"nonce\":\"retry-7\",\"enforce_nonce\":true}";
            HttpResponse<String> first = users.postRaw(author, general, body);
            HttpResponse<String> retried = users.postRaw(author, general, body);
            assertEquals(200, first.statusCode(), first.body());
            assertEquals(200, retried.statusCode(), retried.body());
            String id = GatewayFixture.json(first.body()).get("id").asText();
            assertEquals(id, GatewayFixture.json(retried.body()).get("id").asText(), "the retry is answered the first message");
            assertEquals(id, readers.awaitDispatch("MESSAGE_CREATE").get("d").get("id").asText());
            readers.assertNoDispatch(Duration.ofMillis(1500), d -> "MESSAGE_CREATE".equals(d.path("t").asText()));
            assertEquals(1, users.history(author, general).size());
        }
    }

    /**
     * The guild app processes commands at least once: after its tasks move, it emits the events of the commands since
     * its last commit again, byte for byte. Here such a replay is written to {@code guild-events} as the app would;
     * the reader must not get the message a second time, and the next one still comes.
     */
    @Test
    void shouldNotDeliverAnEventTheGuildAppEmittedAgain() throws Exception {
        Account author = users.register();
        Account reader = users.register();
        JsonNode guild = users.createGuild(author, "Replay Room");
        String general = guild.get("channels").get(0).get("id").asText();
        users.join(reader, guild.get("id").asText());
        String events = Topics.GUILD_EVENTS.withPrefix(fixture.kafka().topicPrefix()).name();
        try (GatewayTestClient readers = fixture.identified(reader.token(), MESSAGES);
             var topic = new TopicReader<>(fixture.kafka(), events, new LongDeserializer(), new ByteArrayDeserializer());
             var producer = new KafkaProducer<>(fixture.kafka().producerConfig(), new LongSerializer(), new ByteArraySerializer())) {
            String id = users.post(author, general, "said once").get("id").asText();
            assertEquals(id, readers.awaitDispatch("MESSAGE_CREATE").get("d").get("id").asText());
            ConsumerRecord<Long, byte[]> emitted = topic.await(Duration.ofSeconds(30),
                    r -> new String(r.value(), StandardCharsets.UTF_8).contains("\"" + id + "\""));
            producer.send(new ProducerRecord<>(events, emitted.partition(), emitted.key(), emitted.value())).get();
            String next = users.post(author, general, "said next").get("id").asText();
            assertEquals(next, readers.awaitDispatch("MESSAGE_CREATE").get("d").get("id").asText(),
                    "the replay is not delivered; the next message is");
            readers.assertNoDispatch(Duration.ofMillis(1000), d -> "MESSAGE_CREATE".equals(d.path("t").asText()));
        }
    }

    @Test
    void shouldNeverApplyAWriteAnswered503() {
        Account author = users.register();
        JsonNode guild = users.createGuild(author, "Outage Room");
        String general = guild.get("channels").get(0).get("id").asText();
        fixture.stopStreams();
        try {
            HttpResponse<String> timedOut = users.postRaw(author, general, "{\"content\":\"are you there\"}");
            assertEquals(503, timedOut.statusCode(), timedOut.body());
            assertTrue(GatewayFixture.json(timedOut.body()).has("retry_after"), timedOut.body());
        } finally {
            fixture.restartStreams();
        }
        users.post(author, general, "are you there");
        users.post(author, general, "after");
        JsonNode history = users.history(author, general);
        assertEquals(2, history.size(), "the write answered 503 was not applied when the app came back: " + history);
        assertEquals("after", history.get(0).get("content").asText());
        assertEquals("are you there", history.get(1).get("content").asText());
    }

    @Test
    void shouldRefuseToStartAGatewayWhoseWorkerIdAnotherLiveGatewayHas() {
        IllegalArgumentException refused = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> fixture.startAnotherGateway(settings -> settings.with(GatewaySettings.WORKER_ID, 0)).close());
        assertTrue(refused.getMessage().contains("gateway.worker-id 0 is in use by gateway " + fixture.gateway().id()),
                refused.getMessage());
        try (var other = fixture.startAnotherGateway(settings -> settings.with(GatewaySettings.WORKER_ID, 9))) {
            assertTrue(other.port() > 0, "a distinct worker id starts");
        }
    }
}
