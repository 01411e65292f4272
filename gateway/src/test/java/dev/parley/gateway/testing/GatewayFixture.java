package dev.parley.gateway.testing;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.config.Setting;
import dev.parley.config.Settings;
import dev.parley.gateway.Gateway;
import dev.parley.gateway.GatewaySettings;
import dev.parley.gateway.auth.AuthSettings;
import dev.parley.gateway.ratelimit.Rate;
import dev.parley.gateway.ratelimit.RateLimitSettings;
import dev.parley.gateway.session.AdmissionSettings;
import dev.parley.gateway.session.GatewaySession;
import dev.parley.kafka.testkit.Eventually;
import dev.parley.kafka.testkit.TestKafka;
import dev.parley.schemas.TopicProvisioner;
import dev.parley.schemas.ids.Snowflake;
import dev.parley.schemas.Topics;
import dev.parley.schemas.cluster.ClusterCredential;
import dev.parley.schemas.cluster.ClusterSettings;
import dev.parley.schemas.json.Json;
import dev.parley.streams.StreamsApp;
import dev.parley.streams.StreamsAppContext;
import dev.parley.streams.StreamsApps;
import dev.parley.streams.query.StateQueryServer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.streams.KafkaStreams;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * A real gateway in front of the real state apps, on the test broker: what the gateway's integration tests
 * talk to over real sockets. Registration is on; timeouts are short; the REST rate limits and the IDENTIFY interval
 * are raised out of the way ({@link #raisedLimits}), every other limit keeps its default.
 */
public final class GatewayFixture implements AutoCloseable {
    public static final String SECRET = "test-secret-of-sufficient-length";
    public static final String ADMIN_TOKEN = "test-admin-token";
    /** The cluster secret the state query API, the gateway and {@code /metrics} share. */
    public static final String CLUSTER_SECRET = "test-cluster-secret-of-sufficient-length";
    /** The token Prometheus is given: {@code /metrics} of the gateway and of the state query API, nothing else. */
    public static final String METRICS_TOKEN = "test-metrics-token-of-sufficient-length";

    private final StateQueryServer queries;
    private final List<StreamsApp> apps;
    private final Path stateDir;
    private final Settings appSettings;
    private final Gateway gateway;
    private final TestKafka kafka;
    private final Settings gatewaySettings;
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private final java.util.concurrent.atomic.AtomicInteger workers = new java.util.concurrent.atomic.AtomicInteger();

    private GatewayFixture(StateQueryServer queries, List<StreamsApp> apps, Gateway gateway, TestKafka kafka,
                           Settings gatewaySettings, Path stateDir, Settings appSettings) {
        this.queries = queries;
        this.apps = apps;
        this.stateDir = stateDir;
        this.appSettings = appSettings;
        this.gateway = gateway;
        this.kafka = kafka;
        this.gatewaySettings = gatewaySettings;
    }

    /** Starts the state apps and a gateway; {@code tweak} adjusts the gateway's settings. */
    public static GatewayFixture start(TestKafka kafka, Path stateDir, UnaryOperator<Settings> tweak) {
        return start(kafka, stateDir, UnaryOperator.identity(), tweak);
    }

    /** As {@link #start(TestKafka, Path, UnaryOperator)}; {@code appTweak} adjusts the state apps' settings. */
    public static GatewayFixture start(TestKafka kafka, Path stateDir, UnaryOperator<Settings> appTweak,
                                       UnaryOperator<Settings> tweak) {
        try (Admin admin = kafka.admin()) {
            TopicProvisioner.ensure(admin, kafka.topicPrefix(), Topics.ALL);
        }
        Settings defaults = Settings.defaults()
                .with(AuthSettings.TOKEN_SECRET, SECRET)
                .with(ClusterSettings.SECRET, CLUSTER_SECRET)
                .with(ClusterSettings.METRICS_TOKEN, METRICS_TOKEN)
                .with(AuthSettings.REGISTRATION_ENABLED, true)
                .with(AuthSettings.OPEN_GUILD_JOIN, true)
                .with(GatewaySettings.PORT, 0).with(GatewaySettings.ADMIN_PORT, 0)
                .with(GatewaySettings.ADMIN_TOKEN, ADMIN_TOKEN)
                .with(GatewaySettings.HOST, "127.0.0.1")
                .with(GatewaySettings.DRAIN_TIMEOUT, Duration.ofSeconds(2))
                .with("streams.commit-interval", "50ms");
        Settings base = raisedLimits(defaults);
        StateQueryServer queries = StateQueryServer.start("127.0.0.1", 0, "localhost", ClusterCredential.of(CLUSTER_SECRET),
                ClusterCredential.metrics(base));
        Settings appSettings = appTweak.apply(base);
        List<StreamsApp> apps = new ArrayList<>(startApps(kafka, stateDir, appSettings, queries));
        Settings gatewaySettings = tweak.apply(base.with(GatewaySettings.STATE_QUERY_URLS, queries.url()));
        Gateway gateway = Gateway.start(gatewaySettings, kafka.bootstrapServers(), kafka.topicPrefix(), List.of());
        Eventually.await(Duration.ofSeconds(60), "streams apps RUNNING",
                () -> apps.stream().allMatch(a -> a.state() == KafkaStreams.State.RUNNING));
        return new GatewayFixture(queries, apps, gateway, kafka, gatewaySettings, stateDir, appSettings);
    }

    /**
     * The REST rate limits raised out of the way and IDENTIFYs of one user admitted at once: tests register, post,
     * poll and identify faster than a client should. The tests of a limit set it back ({@link #withDefaults}) or to a
     * value of their own.
     */
    private static Settings raisedLimits(Settings settings) {
        Rate plenty = Rate.of(1_000_000, Duration.ofSeconds(1));
        for (Setting<Rate> rate : List.of(RateLimitSettings.GLOBAL, RateLimitSettings.ROUTE, RateLimitSettings.MESSAGE_POSTS,
                RateLimitSettings.ADDRESS, RateLimitSettings.REGISTER, RateLimitSettings.INVALID_AUTH)) {
            settings = settings.with(rate, plenty);
        }
        return settings.with(AdmissionSettings.IDENTIFY_INTERVAL, Duration.ZERO);
    }

    /**
     * {@code settings} with each of {@code limits} back at its default: for the tests of a limit the fixture raises
     * out of the way ({@link #raisedLimits}).
     */
    public static Settings withDefaults(Settings settings, Setting<?>... limits) {
        for (Setting<?> limit : limits) settings = withDefault(settings, limit);
        return settings;
    }

    private static <T> Settings withDefault(Settings settings, Setting<T> setting) {
        return settings.with(setting, setting.defaultValue());
    }

    private static List<StreamsApp> startApps(TestKafka kafka, Path stateDir, Settings settings, StateQueryServer queries) {
        List<StreamsApp> apps = StreamsApps.create(new StreamsAppContext(kafka.bootstrapServers(), kafka.topicPrefix(),
                stateDir, settings, queries.applicationServer()));
        apps.forEach(StreamsApp::start);
        queries.serve(apps);
        return apps;
    }

    /** Stops every streams app (their state stays on disk and in Kafka). */
    public void stopStreams() {
        apps.forEach(StreamsApp::close);
    }

    /** Stops and starts every streams app on the same state, then waits until they run. */
    public void restartStreams() {
        stopStreams();
        List<StreamsApp> restarted = startApps(kafka, stateDir, appSettings, queries);
        apps.clear();
        apps.addAll(restarted);
        Eventually.await(Duration.ofSeconds(60), "streams apps RUNNING again",
                () -> apps.stream().allMatch(a -> a.state() == KafkaStreams.State.RUNNING));
    }

    public HttpResponse<String> send(String method, String path, String body, String token) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl() + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) request.header("Content-Type", "application/json");
        if (token != null) request.header("Authorization", "Bot " + token);
        return send(request.build());
    }

    /**
     * A further gateway on the same state apps, with a worker id of its own (unless {@code tweak} sets one): gateways
     * alive at once need distinct ones. The caller closes it.
     */
    public Gateway startAnotherGateway(UnaryOperator<Settings> tweak) {
        int worker = 1 + Math.floorMod(workers.getAndIncrement(), Snowflake.MAX_GATEWAY_WORKER); // 0 is the first gateway's
        return Gateway.start(tweak.apply(gatewaySettings.with(GatewaySettings.WORKER_ID, worker)), kafka.bootstrapServers(),
                kafka.topicPrefix(), List.of());
    }

    public Gateway gateway() {
        return gateway;
    }

    /** The value of {@code Authorization} that carries the cluster credential. */
    public static String clusterAuthorization() {
        return ClusterCredential.of(CLUSTER_SECRET).headerValue();
    }

    /** The streams apps' state query API (and their {@code /metrics}); it answers only the cluster credential. */
    public String queryUrl() {
        return queries.url();
    }

    public TestKafka kafka() {
        return kafka;
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + gateway.port();
    }

    /** Connects a client with {@code ?v=10&encoding=json} plus {@code extraQuery} (e.g. {@code &compress=zlib-stream}). */
    public GatewayTestClient connect(String extraQuery) {
        return connect(gateway, extraQuery);
    }

    /** Connects to {@code to} with {@code ?v=10&encoding=json} plus {@code extraQuery}. */
    public static GatewayTestClient connect(Gateway to, String extraQuery) {
        return GatewayTestClient.connect(URI.create("ws://127.0.0.1:" + to.port() + "/?v=10&encoding=json" + extraQuery));
    }

    /** A client of this gateway past HELLO. */
    public GatewayTestClient hello() {
        return hello(gateway);
    }

    /** A client of {@code to} past HELLO. */
    public static GatewayTestClient hello(Gateway to) {
        GatewayTestClient client = connect(to, "");
        client.expectOp(10);
        return client;
    }

    /** A client of this gateway identified with {@code token} and {@code intents}, past READY. */
    public GatewayTestClient identified(String token, long intents) {
        return identified(gateway, token, intents, "");
    }

    /** A client of {@code to} identified with {@code token} and {@code intents}, past READY. */
    public static GatewayTestClient identified(Gateway to, String token, long intents) {
        return identified(to, token, intents, "");
    }

    /**
     * A client of {@code to} identified with {@code token} and {@code intents} plus {@code extra} fields of IDENTIFY's
     * {@code d} ({@link GatewayTestClient#identifyPayload(String, long, String)}), past READY.
     */
    public static GatewayTestClient identified(Gateway to, String token, long intents, String extra) {
        GatewayTestClient client = hello(to);
        client.identify(token, intents, extra);
        return client;
    }

    /** Connects with exactly {@code query}. */
    public GatewayTestClient connectWithQuery(String query) {
        return GatewayTestClient.connect(URI.create("ws://127.0.0.1:" + gateway.port() + "/" + query));
    }

    /** Registers a user through REST; returns the answer {@code {"token", "user"}}. */
    public JsonNode register(String username, boolean bot) {
        HttpResponse<String> response = post("/api/v10/auth/register",
                "{\"username\":\"" + username + "\",\"bot\":" + bot + "}", null);
        if (response.statusCode() != 200) throw new AssertionError("register answered " + response.statusCode() + ": " + response.body());
        return json(response.body());
    }

    public HttpResponse<String> get(String path, String token) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl() + path)).GET();
        if (token != null) request.header("Authorization", "Bot " + token);
        return send(request.build());
    }

    public HttpResponse<String> post(String path, String body, String token) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl() + path))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body));
        if (token != null) request.header("Authorization", "Bot " + token);
        return send(request.build());
    }

    /** The live session with this id. */
    public GatewaySession session(String sessionId) {
        return gateway.sessions().all().stream().filter(s -> s.id().equals(sessionId)).findFirst()
                .orElseThrow(() -> new AssertionError("no session " + sessionId));
    }

    public static JsonNode json(String text) {
        try {
            return Json.MAPPER.readTree(text);
        } catch (IOException e) {
            throw new AssertionError("not JSON: " + text, e);
        }
    }

    /**
     * {@code method url} without a body, with {@code Authorization: authorization} (the whole value, e.g.
     * {@code Bot <token>} or {@code Bearer <admin token>}; none when null): for any listener of any gateway or streams
     * process, where the helpers above (this gateway's REST API, {@code Bot} tokens) do not fit.
     */
    public static HttpResponse<String> request(String method, String url, String authorization) {
        return request(method, url, authorization == null ? Map.of() : Map.of("Authorization", authorization));
    }

    /** {@code method url} without a body, with exactly {@code headers}. */
    public static HttpResponse<String> request(String method, String url, Map<String, String> headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(GatewayTestClient.TIMEOUT)
                .method(method, HttpRequest.BodyPublishers.noBody());
        headers.forEach(request::header);
        return send(request.build());
    }

    private static HttpResponse<String> send(HttpRequest request) {
        try {
            return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new AssertionError(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    @Override
    public void close() {
        gateway.close();
        queries.close();
        apps.forEach(StreamsApp::close);
    }
}
