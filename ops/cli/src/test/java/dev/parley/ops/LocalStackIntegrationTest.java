package dev.parley.ops;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.config.Settings;
import dev.parley.gateway.GatewaySettings;
import dev.parley.gateway.auth.AuthSettings;
import dev.parley.streams.StreamsSettings;
import dev.parley.gateway.testing.GatewayTestClient;
import dev.parley.kafka.testkit.Eventually;
import dev.parley.kafka.testkit.KafkaBrokerExtension;
import dev.parley.kafka.testkit.TestKafka;
import dev.parley.kafka.testkit.TopicReader;
import dev.parley.schemas.KafkaSettings;
import dev.parley.schemas.Partitioning;
import dev.parley.schemas.Topic;
import dev.parley.schemas.Topics;
import dev.parley.schemas.guild.CreateGuild;
import dev.parley.schemas.guild.GuildCommand;
import dev.parley.schemas.guild.GuildCreated;
import dev.parley.schemas.guild.GuildEvent;
import dev.parley.schemas.guild.User;
import dev.parley.schemas.json.Json;
import dev.parley.schemas.reply.CommandReply;
import dev.parley.schemas.reply.Rejected;
import dev.parley.schemas.reply.Rejection;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

@ExtendWith(KafkaBrokerExtension.class)
class LocalStackIntegrationTest {
    private static final dev.parley.schemas.ids.GuildObjectIdGenerator CHANNEL_IDS =
            new dev.parley.schemas.ids.GuildObjectIdGenerator(0);
    private static final Duration READY = Duration.ofSeconds(60);
    private static final User ALICE = User.of(1_240_000_000_000_000_007L, "alice", false);
    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void shouldGreetAWebSocketWithHelloAndCarryAGuildCommandThroughTheGuildApp(TestKafka kafka, @TempDir Path data)
            throws Exception {
        Settings settings = Settings.defaults()
                .with(AuthSettings.REGISTRATION_ENABLED, true)
                .with(StreamsSettings.QUERY_PORT, 0)
                .with(KafkaSettings.BOOTSTRAP_SERVERS, kafka.bootstrapServers())
                .with(KafkaSettings.TOPIC_PREFIX, kafka.topicPrefix())
                .with(StackSettings.DATA_DIR, data.toString())
                .with(GatewaySettings.PORT, 0).with(GatewaySettings.ADMIN_PORT, 0);
        try (LocalStack stack = LocalStack.start(settings)) {
            String base = "http://localhost:" + stack.gateway().port();
            awaitReady(base);
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(
                    data.resolve(StackSecrets.METRICS_FILE))), "Prometheus's token, generated for its owner only");
            String scrape = "Bearer " + Files.readString(data.resolve(StackSecrets.METRICS_FILE)).strip();
            for (String metrics : new String[]{"http://localhost:" + stack.gateway().adminPort() + "/metrics",
                    stack.stateQueryUrl() + "/metrics"}) {
                assertEquals(200, get(metrics, scrape).statusCode(), metrics + " with the metrics token");
            }
            assertEquals(401, get(stack.stateQueryUrl() + dev.parley.schemas.query.StateQueryApi.user(ALICE.id()), scrape).statusCode(),
                    "the metrics token reads no state");
            JsonNode gatewayUrl = Json.MAPPER.readTree(get(base + "/api/v10/gateway").body());
            assertEquals("ws://localhost:" + stack.gateway().port(), gatewayUrl.get("url").asText());

            HttpResponse<String> registered = http.send(HttpRequest.newBuilder(URI.create(base + "/api/v10/auth/register"))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"username\":\"dora\",\"bot\":true}")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, registered.statusCode(), registered.body());
            String token = Json.MAPPER.readTree(registered.body()).get("token").asText();
            try (GatewayTestClient client = GatewayTestClient.connect(
                    URI.create(stack.gateway().publicUrl() + "/?v=10&encoding=json"))) {
                JsonNode hello = client.next();
                assertEquals(10, hello.get("op").asInt());
                assertEquals(41250, hello.get("d").get("heartbeat_interval").asInt());
                client.send("{\"op\":2,\"d\":{\"token\":\"" + token + "\",\"intents\":513,"
                        + "\"properties\":{\"os\":\"linux\",\"browser\":\"test\",\"device\":\"test\"}}}");
                JsonNode ready = client.next();
                assertEquals("READY", ready.get("t").asText());
                assertEquals("dora", ready.get("d").get("user").get("username").asText());
            }

            long guildId = 1_250_000_000_000_000_001L;
            send(kafka, new CreateGuild("req-e2e", null, guildId, ALICE, "Spine", channelOf(guildId)));
            Topic<Long, GuildEvent> events = Topics.GUILD_EVENTS.withPrefix(kafka.topicPrefix());
            try (var reader = new TopicReader<>(kafka, events.name(), events.keySerde().deserializer(),
                    events.valueSerde().deserializer())) {
                ConsumerRecord<Long, GuildEvent> record = reader.await(READY, r -> r.value() != null
                        && "req-e2e".equals(r.value().requestId()));
                GuildCreated created = assertInstanceOf(GuildCreated.class, record.value());
                assertEquals(guildId, record.key());
                assertEquals(Partitioning.guildPartition(guildId), record.partition(), "the guild's partition");
                assertEquals("Spine", created.guild().name());
            }
        }
    }

    @Test
    void shouldKeepGuildStateAcrossARestartOnItsOwnEmbeddedBroker(TestKafka unused, @TempDir Path data) throws Exception {
        Settings settings = Settings.defaults()
                .with(StreamsSettings.QUERY_PORT, 0)
                .with(StackSettings.DATA_DIR, data.toString())
                .with(StackSettings.EMBEDDED_KAFKA_PORT, 0)
                .with(GatewaySettings.PORT, 0).with(GatewaySettings.ADMIN_PORT, 0);
        long guildId = 1_250_000_000_000_000_777L;
        try (LocalStack stack = LocalStack.start(settings)) {
            awaitReady("http://localhost:" + stack.gateway().port());
            TestKafka own = new TestKafka(stack.bootstrapServers(), "parley");
            send(own, new CreateGuild("first", null, guildId, ALICE, "Kept", channelOf(guildId)));
            awaitEvent(own, "first");
        }
        try (LocalStack stack = LocalStack.start(settings)) {
            awaitReady("http://localhost:" + stack.gateway().port());
            TestKafka own = new TestKafka(stack.bootstrapServers(), "parley");
            send(own, new CreateGuild("again", "test", guildId, ALICE, "Kept", channelOf(guildId)));
            Rejected rejected = assertInstanceOf(Rejected.class, awaitReply(own, "again"));
            assertEquals(Rejection.GUILD_EXISTS, rejected.reason(), "the guild outlived the restart");
        }
    }

    /** A new channel id of {@code guildId}, as a gateway makes it. */
    private static long channelOf(long guildId) {
        return CHANNEL_IDS.next(Partitioning.guildPartition(guildId));
    }

    private void awaitReady(String base) {
        HttpResponse<String> ready = Eventually.await(READY, "/healthz ready", () -> {
            HttpResponse<String> response = get(base + "/healthz");
            return response.statusCode() == 200 ? response : null;
        });
        assertEquals("{\"status\":\"ready\"}", ready.body(), "a stranger learns whether it is ready, nothing more");
    }

    private HttpResponse<String> get(String url) {
        return get(url, null);
    }

    private HttpResponse<String> get(String url, String authorization) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url));
        if (authorization != null) request.header("Authorization", authorization);
        try {
            return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static void send(TestKafka kafka, GuildCommand command) throws Exception {
        Topic<Long, GuildCommand> commands = Topics.GUILD_COMMANDS.withPrefix(kafka.topicPrefix());
        try (var producer = new KafkaProducer<>(kafka.producerConfig(), commands.keySerde().serializer(),
                commands.valueSerde().serializer())) {
            producer.send(new ProducerRecord<>(commands.name(), command.guildId(), command)).get();
        }
    }

    private static CommandReply awaitReply(TestKafka kafka, String requestId) {
        Topic<String, CommandReply> replies = Topics.COMMAND_REPLIES.withPrefix(kafka.topicPrefix());
        try (var reader = new TopicReader<>(kafka, replies.name(), replies.keySerde().deserializer(),
                replies.valueSerde().deserializer())) {
            return reader.await(READY, r -> r.value() != null && requestId.equals(r.value().requestId())).value();
        }
    }

    private static GuildEvent awaitEvent(TestKafka kafka, String requestId) {
        Topic<Long, GuildEvent> events = Topics.GUILD_EVENTS.withPrefix(kafka.topicPrefix());
        try (var reader = new TopicReader<>(kafka, events.name(), events.keySerde().deserializer(),
                events.valueSerde().deserializer())) {
            return reader.await(READY, r -> r.value() != null && requestId.equals(r.value().requestId())).value();
        }
    }
}
