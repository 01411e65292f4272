package dev.parley.gateway.failover;

import dev.parley.config.Settings;
import dev.parley.gateway.testing.GatewayFixture;
import dev.parley.kafka.testkit.Eventually;
import dev.parley.kafka.testkit.KafkaBrokerExtension;
import dev.parley.kafka.testkit.TestKafka;
import dev.parley.schemas.Topic;
import dev.parley.schemas.TopicProvisioner;
import dev.parley.schemas.Topics;
import dev.parley.schemas.cluster.ClusterCredential;
import dev.parley.schemas.guild.User;
import dev.parley.schemas.query.StateQueryApi;
import dev.parley.schemas.user.RegisterUser;
import dev.parley.schemas.user.UserCommand;
import dev.parley.streams.StreamsApp;
import dev.parley.streams.StreamsAppContext;
import dev.parley.streams.StreamsApps;
import dev.parley.streams.StreamsSettings;
import dev.parley.streams.query.StateQueryServer;
import dev.parley.streams.user.UserStateTopology;
import dev.parley.streams.user.UserStores;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyQueryMetadata;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.state.HostInfo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Two instances of the user state app, each partition active on one and a standby on the other. The instance holding
 * a user's active copy stops without leaving its group, as a crashed process does: until the group's session timeout
 * moves its tasks, it stays the key's active host, and every read of its keys would fail. They are answered by the
 * standby copy instead, flagged stale, never a 503 for the whole partition; and the instances list each other.
 */
@ExtendWith(KafkaBrokerExtension.class)
class StandbyReadsIntegrationTest {
    private static final ClusterCredential CREDENTIAL = ClusterCredential.of(GatewayFixture.CLUSTER_SECRET);

    @Test
    void shouldAnswerReadsFromTheStandbyWhileTheActivesInstanceIsGone(TestKafka kafka, @TempDir Path state) throws Exception {
        try (Admin admin = kafka.admin()) {
            TopicProvisioner.ensure(admin, kafka.topicPrefix(), Topics.ALL);
        }
        List<StateQueryServer> servers = new ArrayList<>();
        List<StreamsApp> apps = new ArrayList<>();
        try {
            for (int i = 0; i < 2; i++) {
                StateQueryServer server = StateQueryServer.start("127.0.0.1", 0, "localhost", CREDENTIAL);
                servers.add(server);
                StreamsApp app = userState(kafka, state.resolve("instance-" + i), server);
                apps.add(app);
                server.serve(List.of(app));
                app.start();
            }
            List<Long> users = register(kafka, 12);
            KafkaStreams survivor = apps.get(0).streams();
            HostInfo survivorHost = HostInfo.buildFromEndpoint(servers.get(0).applicationServer());
            Long theirs = Eventually.await(Duration.ofSeconds(90), "both running, a user active there with its standby here", () -> {
                if (apps.stream().anyMatch(a -> a.state() != KafkaStreams.State.RUNNING)) return null;
                return users.stream().filter(id -> {
                    KeyQueryMetadata where = survivor.queryMetadataForKey(UserStores.USERS, id, Serdes.Long().serializer());
                    return where != null && where != KeyQueryMetadata.NOT_AVAILABLE && !where.activeHost().equals(survivorHost)
                            && where.standbyHosts().contains(survivorHost);
                }).findFirst().orElse(null);
            });
            String read = servers.get(0).url() + StateQueryApi.user(theirs);
            Eventually.await(Duration.ofSeconds(30), "the user read through the other instance", () ->
                    get(read).statusCode() == 200 && get(read).headers().firstValue(StateQueryApi.STALE_HEADER).isEmpty());
            HttpResponse<String> instances = get(servers.get(0).url() + StateQueryApi.INSTANCES);
            assertEquals(2, GatewayFixture.json(instances.body()).get("instances").size(), instances.body());

            servers.get(1).close();                           // the active's instance is gone, as a crashed one
            apps.get(1).streams().close(Duration.ofSeconds(10)); // stops without leaving the group
            HttpResponse<String> stale = Eventually.await(Duration.ofSeconds(10), "the standby's answer", () -> {
                HttpResponse<String> answer = get(read);
                return answer.statusCode() == 200 ? answer : null;
            });
            assertEquals(Long.toString(theirs), GatewayFixture.json(stale.body()).get("id").asText());
            assertEquals("true", stale.headers().firstValue(StateQueryApi.STALE_HEADER).orElse(null),
                    "answered from the standby, and said so");
            KeyQueryMetadata where = survivor.queryMetadataForKey(UserStores.USERS, theirs, Serdes.Long().serializer());
            assertEquals(false, where.activeHost().equals(survivorHost), "the group has not moved the task yet");
        } finally {
            servers.forEach(StateQueryServer::close);
            apps.forEach(StreamsApp::close);
        }
    }

    private static StreamsApp userState(TestKafka kafka, Path stateDir, StateQueryServer server) {
        Settings settings = Settings.defaults().with("streams.commit-interval", "50ms")
                .with(StreamsSettings.STANDBY_REPLICAS, 1)
                .with(StreamsSettings.SESSION_TIMEOUT, Duration.ofSeconds(30)); // the window the test reads in
        StreamsAppContext context = new StreamsAppContext(kafka.bootstrapServers(), kafka.topicPrefix(), stateDir,
                settings, server.applicationServer());
        Properties config = UserStateTopology.config(context);
        StreamsBuilder builder = StreamsApps.builder(config);
        UserStateTopology.build(builder, context);
        return new StreamsApp(UserStateTopology.APP, builder.build(config), config);
    }

    private static List<Long> register(TestKafka kafka, int count) throws Exception {
        Topic<Long, UserCommand> commands = Topics.USER_COMMANDS.withPrefix(kafka.topicPrefix());
        List<Long> ids = new ArrayList<>();
        try (var producer = new KafkaProducer<>(kafka.producerConfig(), commands.keySerde().serializer(),
                commands.valueSerde().serializer())) {
            for (int i = 0; i < count; i++) {
                long id = 1_310_000_000_000_000_000L + i;
                producer.send(new ProducerRecord<>(commands.name(), id, new RegisterUser("r" + i, null,
                        User.of(id, "standby_" + i, false)))).get();
                ids.add(id);
            }
        }
        return ids;
    }

    private static HttpResponse<String> get(String url) {
        return GatewayFixture.request("GET", url, Map.of("Authorization", CREDENTIAL.headerValue()));
    }
}
