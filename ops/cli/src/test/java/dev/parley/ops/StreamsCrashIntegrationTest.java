package dev.parley.ops;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.config.Settings;
import dev.parley.gateway.Gateway;
import dev.parley.gateway.GatewaySettings;
import dev.parley.gateway.auth.AuthSettings;
import dev.parley.kafka.testkit.Eventually;
import dev.parley.kafka.testkit.KafkaBrokerExtension;
import dev.parley.kafka.testkit.TestKafka;
import dev.parley.kafka.testkit.TopicReader;
import dev.parley.schemas.Partitioning;
import dev.parley.schemas.TopicProvisioner;
import dev.parley.schemas.Topics;
import dev.parley.schemas.guild.GuildEvent;
import dev.parley.schemas.guild.MessageCreated;
import dev.parley.schemas.json.Json;
import dev.parley.schemas.reply.Accepted;
import dev.parley.schemas.reply.CommandReply;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The streams process is SIGKILLed after it applied a post and answered it but before it committed its input
 * offsets (its commit interval is an hour), so the restarted process processes the post again, at least once: the
 * message exists once, with the id it was answered with, and the client's retry of the post (same nonce,
 * {@code enforce_nonce}) is answered that message instead of creating another.
 */
@ExtendWith(KafkaBrokerExtension.class)
class StreamsCrashIntegrationTest {
    private static final String SECRET = "streams-crash-secret-0123456789";
    private static final String CLUSTER_SECRET = "streams-crash-cluster-secret-0123";
    private static final Duration START = Duration.ofSeconds(90);
    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void shouldYieldOneMessageWithOneIdWhenAPostIsProcessedAgainAfterACrash(TestKafka kafka, @TempDir Path data) throws Exception {
        try (Admin admin = kafka.admin()) {
            TopicProvisioner.ensure(admin, kafka.topicPrefix(), Topics.ALL);
        }
        int queryPort = freePort();
        Path config = data.resolve("streams.properties");
        Files.writeString(config, String.join("\n",
                "kafka.bootstrap-servers=" + kafka.bootstrapServers(),
                "kafka.topic-prefix=" + kafka.topicPrefix(),
                "data.dir=" + data.resolve("streams"),
                "streams.query-host=127.0.0.1",
                "streams.query-port=" + queryPort,
                "streams.commit-interval=1h",
                "streams.instance-id=crash-test",
                "cluster.secret=" + CLUSTER_SECRET, ""));
        Settings gatewaySettings = Settings.defaults()
                .with(AuthSettings.TOKEN_SECRET, SECRET).with(AuthSettings.REGISTRATION_ENABLED, true)
                .with(GatewaySettings.PORT, 0).with(GatewaySettings.ADMIN_PORT, 0).with(GatewaySettings.HOST, "127.0.0.1")
                .with(GatewaySettings.STATE_QUERY_URLS, "http://127.0.0.1:" + queryPort)
                .with(dev.parley.schemas.cluster.ClusterSettings.SECRET, CLUSTER_SECRET)
                // a restart takes longer than the default deadline: the post must still be applicable when processed again
                .with(GatewaySettings.COMMAND_TIMEOUT, Duration.ofMinutes(10));
        Process streams = startStreams(config, data.resolve("streams-1.log"));
        try (Gateway gateway = Gateway.start(gatewaySettings, kafka.bootstrapServers(), kafka.topicPrefix(), List.of())) {
            String base = "http://127.0.0.1:" + gateway.port() + "/api/v10";
            JsonNode alice = Eventually.await(START, "the streams apps answering", () -> {
                HttpResponse<String> registered = send("POST", base + "/auth/register", "{\"username\":\"crash_poster\"}", null);
                return registered.statusCode() == 200 ? read(registered.body()) : null;
            });
            String token = alice.get("token").asText();
            JsonNode guild = Eventually.await(START, "the guild app answering", () -> {
                HttpResponse<String> created = send("POST", base + "/guilds", "{\"name\":\"Crash Tea\"}", token);
                return created.statusCode() == 201 ? read(created.body()) : null;
            });
            String channel = guild.get("channels").get(0).get("id").asText();
            Eventually.await(START, "the channel readable", () -> send("GET", base + "/channels/" + channel + "/messages",
                    null, token).statusCode() == 200);
            String post = "{\"content\":\"exactly once\",\"nonce\":\"crash-1\",\"enforce_nonce\":true}";
            String id = json(send("POST", base + "/channels/" + channel + "/messages", post, token), 200).get("id").asText();

            String group = kafka.topicPrefix() + "guild-state";
            TopicPartition commands = new TopicPartition(Topics.GUILD_COMMANDS.withPrefix(kafka.topicPrefix()).name(),
                    Partitioning.guildPartition(guild.get("id").asLong()));
            streams.destroyForcibly().waitFor();
            assertFalse(committed(kafka, group, commands), "the post was applied but its offset not committed");
            streams = startStreams(config, data.resolve("streams-2.log"));

            // retried until answered, so with a nonce: an attempt cut off while the apps restart may be applied after all
            JsonNode after = Eventually.await(START, "the restarted streams process applying posts", () -> {
                HttpResponse<String> posted = send("POST", base + "/channels/" + channel + "/messages",
                        "{\"content\":\"after the crash\",\"nonce\":\"crash-2\",\"enforce_nonce\":true}", token);
                return posted.statusCode() == 200 ? read(posted.body()) : null;
            });
            // the other apps may still be restoring (a token check answers 503 then, before anything is written)
            JsonNode retried = Eventually.await(START, "the retried post answered", () -> {
                HttpResponse<String> answer = send("POST", base + "/channels/" + channel + "/messages", post, token);
                return answer.statusCode() == 200 ? read(answer.body()) : null;
            });
            assertEquals(id, retried.get("id").asText(), "the retry is answered the message created before the crash");

            JsonNode history = Eventually.await(START, "the restarted state query API", () -> {
                HttpResponse<String> read = send("GET", base + "/channels/" + channel + "/messages", null, token);
                return read.statusCode() == 200 ? read(read.body()) : null;
            });
            assertEquals(2, history.size(), "one message per post: " + history);
            assertEquals(after.get("id").asText(), history.get(0).get("id").asText());
            assertEquals(id, history.get(1).get("id").asText(), "with the id it was first answered with");
            assertEquals("exactly once", history.get(1).get("content").asText());

            var replies = Topics.COMMAND_REPLIES.withPrefix(kafka.topicPrefix());
            try (var reader = new TopicReader<>(kafka, replies.name(), replies.keySerde().deserializer(),
                    replies.valueSerde().deserializer())) {
                reader.await(START, r -> answers(r.value(), after.get("id").asText()));
                List<CommandReply> answered = reader.seen().stream().map(r -> r.value()).filter(r -> answers(r, id)).toList();
                assertEquals(3, answered.size(), "processed before the crash, again after it (from the uncommitted offset), "
                        + "and the retry: " + answered);
                JsonNode first = ((Accepted) answered.get(0)).body();
                assertTrue(answered.stream().allMatch(r -> r instanceof Accepted a && a.body().equals(first)),
                        "each time answered the same message");
            }
            var events = Topics.GUILD_EVENTS.withPrefix(kafka.topicPrefix());
            try (var reader = new TopicReader<>(kafka, events.name(), events.keySerde().deserializer(), events.valueSerde().deserializer())) {
                reader.await(START, r -> created(r.value(), after.get("id").asText()));
                List<GuildEvent> announced = reader.seen().stream().map(r -> r.value()).filter(e -> created(e, id)).toList();
                assertFalse(announced.isEmpty());
                assertTrue(announced.stream().allMatch(announced.get(0)::equals),
                        "processed twice, it announced the same event (same id, same content): " + announced.size());
            }
        } finally {
            streams.destroyForcibly().waitFor();
        }
    }

    private static boolean answers(CommandReply reply, String messageId) {
        return reply instanceof Accepted a && a.body() != null && messageId.equals(a.body().path("id").asText());
    }

    private static boolean created(GuildEvent event, String messageId) {
        return event instanceof MessageCreated m && Long.toString(m.message().id()).equals(messageId);
    }

    private static boolean committed(TestKafka kafka, String group, TopicPartition partition) throws Exception {
        try (Admin admin = kafka.admin()) {
            Map<TopicPartition, OffsetAndMetadata> offsets = admin.listConsumerGroupOffsets(group)
                    .partitionsToOffsetAndMetadata().get();
            OffsetAndMetadata offset = offsets.get(partition);
            return offset != null && offset.offset() > 0;
        }
    }

    private static Process startStreams(Path config, Path log) throws Exception {
        return new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), ParleyCommand.class.getName(), "streams",
                "--config", config.toString())
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
    }

    private HttpResponse<String> send(String method, String url, String body, String token) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(20))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) request.header("Content-Type", "application/json");
        if (token != null) request.header("Authorization", "Bot " + token);
        try {
            return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static JsonNode read(String body) {
        try {
            return Json.MAPPER.readTree(body);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static JsonNode json(HttpResponse<String> response, int status) throws Exception {
        assertEquals(status, response.statusCode(), response.body());
        return Json.MAPPER.readTree(response.body());
    }

    private static int freePort() throws Exception {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
