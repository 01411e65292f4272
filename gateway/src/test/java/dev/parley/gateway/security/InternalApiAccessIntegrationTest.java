package dev.parley.gateway.security;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.config.Settings;
import dev.parley.gateway.Gateway;
import dev.parley.gateway.GatewaySettings;
import dev.parley.gateway.auth.AuthSettings;
import dev.parley.gateway.testing.GatewayFixture;
import dev.parley.kafka.testkit.Eventually;
import dev.parley.kafka.testkit.KafkaBrokerExtension;
import dev.parley.kafka.testkit.TestKafka;
import dev.parley.schemas.Topic;
import dev.parley.schemas.TopicProvisioner;
import dev.parley.schemas.Topics;
import dev.parley.schemas.cluster.ClusterCredential;
import dev.parley.schemas.cluster.ClusterSettings;
import dev.parley.schemas.guild.User;
import dev.parley.schemas.query.StateQueryApi;
import dev.parley.schemas.user.RegisterUser;
import dev.parley.schemas.user.UserCommand;
import dev.parley.streams.StreamsApp;
import dev.parley.streams.StreamsAppContext;
import dev.parley.streams.StreamsApps;
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
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
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
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The internal listeners answer only the cluster: a stranger who reaches a streams process's state query API or a
 * gateway's admin listener reads nothing, and everything the gateway does for its users keeps working. Real broker,
 * real streams apps, real sockets.
 */
@ExtendWith(KafkaBrokerExtension.class)
class InternalApiAccessIntegrationTest {
    private static final String WRONG = "Bearer not-the-cluster-secret-0123456789";
    private static GatewayFixture fixture;

    @BeforeAll
    static void start(TestKafka kafka, @TempDir Path state) {
        fixture = GatewayFixture.start(kafka, state, settings -> settings);
    }

    @AfterAll
    static void stop() {
        if (fixture != null) fixture.close();
    }

    @Test
    void shouldRefuseAStrangersReadsOfUserGuildsAndPrivateHistoryWhileTheGatewayStillAnswersMembers() {
        JsonNode alice = fixture.register("secret_keeper", false);
        String token = alice.get("token").asText();
        long aliceId = alice.get("user").get("id").asLong();
        JsonNode guild = GatewayFixture.json(fixture.send("POST", "/api/v10/guilds", "{\"name\":\"Private\"}", token).body());
        long guildId = guild.get("id").asLong();
        long channelId = guild.get("channels").get(0).get("id").asLong();
        assertEquals(200, fixture.send("POST", "/api/v10/channels/" + channelId + "/messages",
                "{\"content\":\"the launch code\"}", token).statusCode());

        String guilds = fixture.queryUrl() + StateQueryApi.userGuilds(aliceId);
        String history = fixture.queryUrl() + StateQueryApi.messages(guildId, channelId, aliceId, 50, 0, 0);
        for (String url : List.of(guilds, history)) {
            assertRefused(get(url, null), url + " without a credential");
            assertRefused(get(url, WRONG), url + " with a wrong credential");
            assertRefused(get(url, "Bot " + token), url + " with a user's token");
            assertRefused(get(url, GatewayFixture.CLUSTER_SECRET), url + " with the bare secret (no Bearer)");
        }

        HttpResponse<String> asMember = fixture.get("/api/v10/channels/" + channelId + "/messages", token);
        assertEquals(200, asMember.statusCode(), asMember.body());
        assertEquals("the launch code", GatewayFixture.json(asMember.body()).get(0).get("content").asText());
        HttpResponse<String> asCluster = get(guilds, GatewayFixture.clusterAuthorization());
        assertEquals(200, asCluster.statusCode(), asCluster.body());
        assertEquals(Long.toString(guildId), GatewayFixture.json(asCluster.body()).get("guild_ids").get(0).asText());
    }

    @Test
    void shouldRefuseTheStreamsAppsMetricsToAStrangerAndServeThemToTheCluster() {
        String metrics = fixture.queryUrl() + "/metrics";
        assertRefused(get(metrics, null), "/metrics without a credential");
        assertRefused(get(metrics, WRONG), "/metrics with a wrong credential");
        HttpResponse<String> scraped = get(metrics, GatewayFixture.clusterAuthorization());
        assertEquals(200, scraped.statusCode());
        assertTrue(scraped.body().contains("parley_streams_app_running"), "Prometheus text");
    }

    /** Prometheus holds the metrics token, never the cluster secret, which reads any guild's messages as anyone. */
    @Test
    void shouldOpenOnlyTheMetricsOfTheGatewayAndTheStreamsAppsToTheMetricsToken() {
        String bearer = "Bearer " + GatewayFixture.METRICS_TOKEN;
        HttpResponse<String> streams = get(fixture.queryUrl() + "/metrics", bearer);
        assertEquals(200, streams.statusCode(), streams.body());
        assertTrue(streams.body().contains("parley_streams_app_running"), "Prometheus text");
        HttpResponse<String> gateway = get("http://127.0.0.1:" + fixture.gateway().adminPort() + "/metrics", bearer);
        assertEquals(200, gateway.statusCode(), gateway.body());
        assertTrue(gateway.body().contains("parley_gateway_sessions"), "Prometheus text");

        JsonNode user = fixture.register("scraped", false);
        long userId = user.get("user").get("id").asLong();
        for (String url : List.of(fixture.queryUrl() + StateQueryApi.userGuilds(userId),
                fixture.queryUrl() + StateQueryApi.user(userId), fixture.queryUrl() + "/metrics/../users/" + userId,
                "http://127.0.0.1:" + fixture.gateway().adminPort() + "/admin/sessions")) {
            assertRefused(get(url, bearer), url + " with the metrics token");
        }
        assertRefused(get(fixture.queryUrl() + "/metrics", "Bearer " + GatewayFixture.METRICS_TOKEN + "x"), "a wrong token");
    }

    @Test
    void shouldRefuseToStartWithAnAdminTokenOrMetricsTokenUnderSixteenBytes() {
        Settings base = Settings.defaults().with(AuthSettings.TOKEN_SECRET, GatewayFixture.SECRET)
                .with(GatewaySettings.PORT, 0).with(GatewaySettings.ADMIN_PORT, 0);
        IllegalArgumentException admin = assertThrows(IllegalArgumentException.class, () -> Gateway.start(
                base.with(GatewaySettings.ADMIN_TOKEN, "fifteen-bytes!!"), fixture.kafka().bootstrapServers(),
                fixture.kafka().topicPrefix(), List.of()));
        assertTrue(admin.getMessage().contains("gateway.admin.token") && admin.getMessage().contains("16"), admin.getMessage());
        IllegalArgumentException metrics = assertThrows(IllegalArgumentException.class, () -> Gateway.start(
                base.with(ClusterSettings.METRICS_TOKEN, "short"), fixture.kafka().bootstrapServers(),
                fixture.kafka().topicPrefix(), List.of()));
        assertTrue(metrics.getMessage().contains("cluster.metrics-token"), metrics.getMessage());
    }

    @Test
    void shouldRefuseARequestThatClaimsToBeForwardedWithoutTheCredential() {
        JsonNode user = fixture.register("forward_claimer", false);
        String url = fixture.queryUrl() + StateQueryApi.user(user.get("user").get("id").asLong());
        assertRefused(GatewayFixture.request("GET", url, Map.of(StateQueryApi.FORWARDED_HEADER, "1")), url);
        HttpResponse<String> forwarded = GatewayFixture.request("GET", url, Map.of(StateQueryApi.FORWARDED_HEADER, "1",
                "Authorization", GatewayFixture.clusterAuthorization()));
        assertEquals(200, forwarded.statusCode(), forwarded.body());
    }

    @Test
    void shouldServeTheGatewaysMetricsOnlyForTheClusterCredentialOrTheAdminToken() {
        String metrics = "http://127.0.0.1:" + fixture.gateway().adminPort() + "/metrics";
        String sessions = "http://127.0.0.1:" + fixture.gateway().adminPort() + "/admin/sessions";
        String userToken = fixture.register("metrics_peeker", false).get("token").asText();
        assertRefused(get(metrics, null), "no credential");
        assertRefused(get(metrics, WRONG), "a wrong credential");
        assertRefused(get(metrics, "Bearer " + userToken), "a user's token");

        HttpResponse<String> byPrometheus = get(metrics, GatewayFixture.clusterAuthorization());
        assertEquals(200, byPrometheus.statusCode());
        assertTrue(byPrometheus.body().contains("parley_gateway_sessions"), "Prometheus text");
        assertEquals(200, get(metrics, "Bearer " + GatewayFixture.ADMIN_TOKEN).statusCode(), "the admin token");
        assertRefused(get(sessions, GatewayFixture.clusterAuthorization()), "/admin takes the admin token only");
        assertEquals(200, get(sessions, "Bearer " + GatewayFixture.ADMIN_TOKEN).statusCode());
    }

    @Test
    void shouldRefuseToOpenAnInternalListenerBeyondLoopbackWithoutAClusterSecret() {
        IllegalArgumentException state = assertThrows(IllegalArgumentException.class,
                () -> StateQueryServer.start("0.0.0.0", 0, "localhost", ClusterCredential.none()));
        assertTrue(state.getMessage().contains("streams.query-host") && state.getMessage().contains("cluster.secret"),
                state.getMessage());

        Settings open = Settings.defaults().with(AuthSettings.TOKEN_SECRET, GatewayFixture.SECRET)
                .with(GatewaySettings.ADMIN_HOST, "0.0.0.0").with(GatewaySettings.PORT, 0).with(GatewaySettings.ADMIN_PORT, 0);
        IllegalArgumentException admin = assertThrows(IllegalArgumentException.class,
                () -> Gateway.start(open, fixture.kafka().bootstrapServers(), fixture.kafka().topicPrefix(), List.of()));
        assertTrue(admin.getMessage().contains("gateway.admin.host") && admin.getMessage().contains("cluster.secret"),
                admin.getMessage());

        try (StateQueryServer withSecret = StateQueryServer.start("0.0.0.0", 0, "localhost",
                ClusterCredential.of(GatewayFixture.CLUSTER_SECRET))) {
            assertRefused(get(withSecret.url() + "/metrics", null), "a wildcard-bound API with a secret still checks it");
        }
    }

    /**
     * Two instances of the user state app split the users' partitions; a read sent to either answers for every user,
     * so reads of the other instance's users were forwarded with the credential (the other instance refuses any
     * request without it).
     */
    @Test
    void shouldForwardReadsBetweenInstancesWithTheClusterCredential(TestKafka kafka, @TempDir Path state) throws Exception {
        try (Admin admin = kafka.admin()) {
            TopicProvisioner.ensure(admin, kafka.topicPrefix(), Topics.ALL);
        }
        ClusterCredential credential = ClusterCredential.of(GatewayFixture.CLUSTER_SECRET);
        List<StateQueryServer> servers = new ArrayList<>();
        List<StreamsApp> apps = new ArrayList<>();
        try {
            for (int i = 0; i < 2; i++) {
                StateQueryServer server = StateQueryServer.start("127.0.0.1", 0, "localhost", credential);
                servers.add(server);
                StreamsApp app = userState(kafka, state.resolve("instance-" + i), server);
                apps.add(app);
                app.start();
                server.serve(List.of(app));
            }
            List<Long> users = register(kafka, 12);
            KafkaStreams first = apps.get(0).streams();
            HostInfo firstHost = HostInfo.buildFromEndpoint(servers.get(0).applicationServer());
            Long elsewhere = Eventually.await(Duration.ofSeconds(90), "both instances running, each holding users", () -> {
                if (apps.stream().anyMatch(a -> a.state() != KafkaStreams.State.RUNNING)) return null;
                List<Long> remote = users.stream().filter(id -> {
                    KeyQueryMetadata where = first.queryMetadataForKey(UserStores.USERS, id, Serdes.Long().serializer());
                    return where != null && where != KeyQueryMetadata.NOT_AVAILABLE && !where.activeHost().equals(firstHost);
                }).toList();
                return remote.size() > 0 && remote.size() < users.size() ? remote.get(0) : null;
            });
            String viaFirst = servers.get(0).url() + StateQueryApi.user(elsewhere);
            HttpResponse<String> forwarded = Eventually.await(Duration.ofSeconds(30), "the other instance's user read", () -> {
                HttpResponse<String> response = get(viaFirst, credential.headerValue());
                return response.statusCode() == 200 ? response : null;
            });
            assertEquals(Long.toString(elsewhere), GatewayFixture.json(forwarded.body()).get("id").asText());
            assertRefused(get(viaFirst, null), "the entry instance checks before forwarding");
            assertRefused(get(servers.get(1).url() + StateQueryApi.user(elsewhere), null), "the holder checks too");
        } finally {
            servers.forEach(StateQueryServer::close);
            apps.forEach(StreamsApp::close);
        }
    }

    private static StreamsApp userState(TestKafka kafka, Path stateDir, StateQueryServer server) {
        StreamsAppContext context = new StreamsAppContext(kafka.bootstrapServers(), kafka.topicPrefix(), stateDir,
                Settings.defaults().with("streams.commit-interval", "50ms"), server.applicationServer());
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
                long id = 1_300_000_000_000_000_000L + i;
                producer.send(new ProducerRecord<>(commands.name(), id, new RegisterUser("r" + i, null,
                        User.of(id, "user_" + i, false)))).get();
                ids.add(id);
            }
        }
        return ids;
    }

    private static void assertRefused(HttpResponse<String> response, String what) {
        assertEquals(401, response.statusCode(), what + ": " + response.body());
        JsonNode body = GatewayFixture.json(response.body());
        assertEquals(0, body.get("code").asInt(), what);
        assertTrue(body.get("message").asText().startsWith("401"), what + ": " + body);
        assertEquals(2, body.size(), "only code and message: " + body);
    }

    private static HttpResponse<String> get(String url, String authorization) {
        return GatewayFixture.request("GET", url, authorization);
    }
}
