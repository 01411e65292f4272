package dev.parley.ops;

import dev.parley.config.Setting;
import dev.parley.gateway.GatewaySettings;
import dev.parley.gateway.http.ListenerSettings;
import dev.parley.streams.StreamsSettings;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Keeps {@code compose/} in step with the project without a Docker engine: the compose file's {@code PARLEY_*}
 * variables and Docker secrets name real settings with values they accept, its Kafka image is the project's Kafka,
 * HAProxy's backends and Prometheus's targets are the gateway and streams services on the ports those services are
 * configured with, every process has its own identity, and Grafana finds the shipped dashboard and Prometheus.
 * Reads the files as they are shipped (the compose file's YAML anchors and merge keys resolved, {@code ${VAR:-x}}
 * taken at its default).
 */
class ComposeFileTest {
    private static final Path ROOT = Path.of("../..");
    private static final Path COMPOSE = ROOT.resolve("compose");
    /** Variables of the launcher ({@code ops/parley}, the image's entrypoint), not settings. */
    private static final Set<String> LAUNCHER_VARIABLES = Set.of("PARLEY_CONFIG", "PARLEY_JAVA_OPTS");
    private static final Pattern INTERPOLATION = Pattern.compile("\\$\\{(\\w+)(?::?-([^}]*))?}");

    private final Map<String, Object> compose = yaml(COMPOSE.resolve("docker-compose.yml"));
    private final Map<String, Map<String, Object>> services = children(compose, "services");

    @Test
    void shouldSetOnlyRealSettingsWithValuesTheyAccept() throws IOException {
        Map<String, String> variables = new LinkedHashMap<>();
        services.forEach((name, service) -> environment(service).forEach((key, value) -> {
            if (key.startsWith("PARLEY_")) variables.put(name + ": " + key, value);
        }));
        Matcher env = Pattern.compile("(PARLEY_\\w+)=(\"[^\"]*\"|\\S*)").matcher(Files.readString(COMPOSE.resolve("Dockerfile")));
        while (env.find()) variables.put("Dockerfile: " + env.group(1), env.group(2).replace("\"", ""));
        assertFalse(variables.isEmpty());
        variables.forEach((where, value) -> {
            String name = where.substring(where.indexOf(": ") + 2);
            if (LAUNCHER_VARIABLES.contains(name)) return;
            Setting<?> setting = settingFor(name).orElseThrow(() -> new AssertionError(where + " names no setting"));
            try {
                setting.parser().apply(value);
            } catch (RuntimeException e) {
                fail(where + "=" + value + " is no value of " + setting.key() + ": " + e);
            }
        });
    }

    @Test
    void shouldReadEverySecretOfAParleyProcessAsARealSetting() throws IOException {
        Set<String> declared = children(compose, "secrets").keySet();
        String generator = Files.readString(COMPOSE.resolve("generate-secrets.sh"));
        for (String secret : declared) {
            assertTrue(generator.contains(secret), "generate-secrets.sh makes " + secret);
            assertEquals("./secrets/" + secret, children(compose, "secrets").get(secret).get("file"), secret + "'s file");
        }
        services.forEach((name, service) -> {
            for (String secret : strings(service.get("secrets"))) {
                assertTrue(declared.contains(secret), name + " uses the declared secret " + secret);
                if (isParley(service)) {
                    // compose/entrypoint.sh: /run/secrets/parley_<setting> becomes PARLEY_<SETTING>
                    assertTrue(secret.startsWith("parley_") && settingFor(secret.toUpperCase()).isPresent(),
                            name + "'s secret " + secret + " names a setting");
                }
            }
        });
        Set<String> parleySecrets = declared.stream().filter(s -> s.startsWith("parley_")).collect(Collectors.toSet());
        for (String secret : parleySecrets) {
            String env = secret.toUpperCase();
            services.forEach((name, service) -> assertFalse(environment(service).containsKey(env),
                    name + " sets " + env + " in its environment, where it would be visible to docker inspect"));
        }
    }

    @Test
    void shouldRunTheProjectsKafkaVersionOnThreeControllersAndThreeReplicatingBrokers() throws IOException {
        Matcher version = Pattern.compile("<kafka.version>([^<]+)</kafka.version>").matcher(Files.readString(ROOT.resolve("pom.xml")));
        assertTrue(version.find());
        Map<String, Map<String, Object>> controllers = kafkaNodes("controller");
        Map<String, Map<String, Object>> brokers = kafkaNodes("broker");
        assertEquals(3, controllers.size(), "controllers " + controllers.keySet());
        assertEquals(3, brokers.size(), "brokers " + brokers.keySet());
        assertEquals(6, kafkaNodes(null).size(), "every Kafka node is a controller or a broker, not both");
        List<String> voters = new ArrayList<>();
        controllers.forEach((name, controller) -> {
            assertEquals("apache/kafka:" + version.group(1), controller.get("image"), name + "'s image");
            Map<String, String> env = environment(controller);
            voters.add(env.get("KAFKA_NODE_ID") + "@" + name + ":9093");
            assertEquals("CONTROLLER://:9093", env.get("KAFKA_LISTENERS"), name + " listens for the quorum only");
        });
        brokers.forEach((name, broker) -> {
            assertEquals("apache/kafka:" + version.group(1), broker.get("image"), name + "'s image");
            Map<String, String> env = environment(broker);
            assertEquals("PLAINTEXT://" + name + ":9092", env.get("KAFKA_ADVERTISED_LISTENERS"), name + " advertises its name");
            assertEquals("3", env.get("KAFKA_DEFAULT_REPLICATION_FACTOR"));
            assertEquals("3", env.get("KAFKA_OFFSETS_TOPIC_REPLICATION_FACTOR"));
            assertEquals("2", env.get("KAFKA_MIN_INSYNC_REPLICAS"));
            assertEquals("false", env.get("KAFKA_UNCLEAN_LEADER_ELECTION_ENABLE"));
        });
        kafkaNodes(null).forEach((name, node) -> assertEquals(String.join(",", voters),
                environment(node).get("KAFKA_CONTROLLER_QUORUM_VOTERS"), name + ": static voters, every controller by its node id"));
        assertEquals(6, kafkaNodes(null).values().stream().map(b -> environment(b).get("KAFKA_NODE_ID")).distinct().count(),
                "distinct node ids");
        String bootstrap = brokers.keySet().stream().map(b -> b + ":9092").collect(Collectors.joining(","));
        parleyServices().forEach((name, service) -> assertEquals(bootstrap,
                environment(service).get("PARLEY_KAFKA_BOOTSTRAP_SERVERS"), name + " bootstraps from every broker"));
    }

    @Test
    void shouldGiveEveryParleyProcessItsOwnIdentity() {
        Map<String, Map<String, Object>> streams = byCommand("streams");
        Map<String, Map<String, Object>> gateways = byCommand("gateway");
        assertEquals(2, streams.size(), "streams services " + streams.keySet());
        assertEquals(2, gateways.size(), "gateway services " + gateways.keySet());
        Set<String> instanceIds = new HashSet<>();
        streams.forEach((name, service) -> {
            Map<String, String> env = environment(service);
            assertTrue(instanceIds.add(env.get(envName(StreamsSettings.INSTANCE_ID))), name + " has its own instance id");
            assertEquals(name, env.get(envName(StreamsSettings.QUERY_ADVERTISED_HOST)), name + " advertises its service name");
            assertEquals(name, service.get("hostname"));
            assertTrue(Integer.parseInt(env.get(envName(StreamsSettings.STANDBY_REPLICAS))) >= 1, name + " keeps standby copies");
        });
        Set<String> gatewayIds = new HashSet<>();
        Set<String> workerIds = new HashSet<>();
        String stateQueryUrls = streams.entrySet().stream()
                .map(s -> "http://" + s.getKey() + ":" + setting(s.getValue(), StreamsSettings.QUERY_PORT))
                .collect(Collectors.joining(","));
        gateways.forEach((name, service) -> {
            Map<String, String> env = environment(service);
            assertTrue(gatewayIds.add(env.get(envName(GatewaySettings.ID))), name + " has its own gateway.id");
            assertTrue(workerIds.add(env.get(envName(GatewaySettings.WORKER_ID))), name + " has its own gateway.worker-id");
            assertEquals(stateQueryUrls, env.get(envName(GatewaySettings.STATE_QUERY_URLS)), name + " asks every streams process");
        });
    }

    @Test
    void shouldBalanceEveryGatewayWithProxyProtocolFromTheBalancerOnly() throws IOException {
        Map<String, List<String[]>> backends = haproxyBackends();
        Set<String> expected = byCommand("gateway").entrySet().stream()
                .map(g -> g.getKey() + ":" + setting(g.getValue(), GatewaySettings.PORT)).collect(Collectors.toCollection(TreeSet::new));
        assertFalse(backends.isEmpty());
        backends.forEach((backend, servers) -> {
            assertEquals(expected, servers.stream().map(s -> s[2]).collect(Collectors.toCollection(TreeSet::new)),
                    "backend " + backend + " lists every gateway on its public port");
            servers.forEach(s -> assertTrue(Arrays.asList(s).contains("send-proxy-v2"), backend + "/" + s[1] + " sends PROXY v2"));
        });
        Map<String, Object> haproxy = services.get("haproxy");
        String address = String.valueOf(children(haproxy, "networks").get("parley").get("ipv4_address"));
        byCommand("gateway").forEach((name, service) -> {
            assertTrue(Boolean.parseBoolean(setting(service, ListenerSettings.PROXY_PROTOCOL)), name + " expects PROXY headers");
            String trusted = setting(service, ListenerSettings.PROXY_TRUSTED_SOURCES);
            assertTrue(Arrays.stream(trusted.split(",")).map(String::strip).anyMatch(cidr -> contains(cidr, address)),
                    name + " trusts HAProxy's address " + address + ": " + trusted);
        });
        String publicPort = haproxyBind();
        assertTrue(strings(haproxy.get("ports")).stream().anyMatch(p -> p.endsWith(":" + publicPort)),
                "HAProxy publishes its frontend's port " + publicPort);
    }

    @Test
    void shouldScrapeEveryParleyProcessLikeTheShippedPrometheusConfiguration() {
        Map<String, Map<String, Object>> shipped = jobs(yaml(ROOT.resolve("ops/monitoring/prometheus.yml")));
        Map<String, Map<String, Object>> variant = jobs(yaml(COMPOSE.resolve("prometheus/prometheus.yml")));
        assertEquals(shipped.keySet(), variant.keySet(), "the same jobs");
        Map<String, Set<String>> expectedTargets = Map.of(
                "parley-gateway", targets("gateway", GatewaySettings.ADMIN_PORT),
                "parley-streams", targets("streams", StreamsSettings.QUERY_PORT));
        Set<String> prometheusSecrets = new HashSet<>(strings(services.get("prometheus").get("secrets")));
        variant.forEach((job, config) -> {
            assertEquals(shipped.get(job).get("metrics_path"), config.get("metrics_path"), job + "'s metrics path");
            Map<String, Object> auth = config.get("authorization") instanceof Map<?, ?> a ? cast(a) : Map.of();
            assertEquals(cast(shipped.get(job).get("authorization")).get("type"), auth.get("type"), job + "'s authorization");
            String file = String.valueOf(auth.get("credentials_file"));
            assertEquals("/run/secrets/parley_cluster_metrics_token", file, job + " presents the metrics token");
            assertTrue(prometheusSecrets.contains("parley_cluster_metrics_token"), "Prometheus has the metrics token");
            Set<String> targets = new TreeSet<>();
            for (Object entry : (List<?>) config.get("static_configs")) targets.addAll(strings(cast(entry).get("targets")));
            assertEquals(expectedTargets.get(job), targets, job + "'s targets: every process on its metrics port");
        });
        assertEquals(Set.of("parley_cluster_metrics_token"), prometheusSecrets, "Prometheus gets the metrics token only");
    }

    @Test
    void shouldProvisionGrafanaWithTheShippedDashboardAndThePrometheusService() {
        Map<String, Object> grafana = services.get("grafana");
        List<String> volumes = strings(grafana.get("volumes"));
        String dashboard = volumes.stream().filter(v -> v.contains("parley-dashboard.json")).findFirst()
                .orElseThrow(() -> new AssertionError("Grafana mounts the dashboard: " + volumes));
        String[] mount = dashboard.split(":");
        assertEquals("../ops/monitoring/grafana/parley-dashboard.json", mount[0]);
        assertTrue(Files.isRegularFile(COMPOSE.resolve(mount[0])));
        Map<String, Object> provider = cast(((List<?>) yaml(COMPOSE.resolve("grafana/provisioning/dashboards/parley.yml"))
                .get("providers")).get(0));
        assertEquals(Path.of(mount[1]).getParent().toString(), cast(provider.get("options")).get("path"),
                "the dashboard provider reads the mounted directory");
        assertTrue(volumes.contains("./grafana/provisioning:/etc/grafana/provisioning:ro"));
        Map<String, Object> datasource = cast(((List<?>) yaml(COMPOSE.resolve("grafana/provisioning/datasources/prometheus.yml"))
                .get("datasources")).get(0));
        assertEquals("prometheus", datasource.get("type"));
        assertEquals("http://prometheus:9090", datasource.get("url"));
        assertTrue(strings(services.get("prometheus").get("ports")).stream().anyMatch(p -> p.endsWith(":9090")));
    }

    /** The Kafka services whose {@code KAFKA_PROCESS_ROLES} is {@code role}; every Kafka service for null. */
    private Map<String, Map<String, Object>> kafkaNodes(String role) {
        Map<String, Map<String, Object>> nodes = new LinkedHashMap<>();
        services.forEach((name, service) -> {
            if (!String.valueOf(service.get("image")).startsWith("apache/kafka")) return;
            String roles = environment(service).get("KAFKA_PROCESS_ROLES");
            if (role == null ? roles.equals("controller") || roles.equals("broker") : roles.equals(role)) nodes.put(name, service);
        });
        return nodes;
    }

    private Map<String, Map<String, Object>> parleyServices() {
        Map<String, Map<String, Object>> parley = new LinkedHashMap<>();
        services.forEach((name, service) -> {
            if (isParley(service)) parley.put(name, service);
        });
        return parley;
    }

    private static boolean isParley(Map<String, Object> service) {
        return String.valueOf(service.get("image")).startsWith("parley:");
    }

    private Map<String, Map<String, Object>> byCommand(String command) {
        Map<String, Map<String, Object>> matching = new LinkedHashMap<>();
        parleyServices().forEach((name, service) -> {
            if (strings(service.get("command")).equals(List.of(command))) matching.put(name, service);
        });
        return matching;
    }

    private Set<String> targets(String command, Setting<Integer> port) {
        return byCommand(command).entrySet().stream().map(s -> s.getKey() + ":" + setting(s.getValue(), port))
                .collect(Collectors.toCollection(TreeSet::new));
    }

    /** A setting's value in a service: its environment variable, else the setting's default. */
    private static String setting(Map<String, Object> service, Setting<?> setting) {
        return environment(service).getOrDefault(envName(setting), setting.defaultText());
    }

    private static String envName(Setting<?> setting) {
        return setting.envNames().get(setting.envNames().size() - 1);
    }

    private static Optional<Setting<?>> settingFor(String envName) {
        return AllSettings.ALL.stream().filter(s -> s.envNames().contains(envName)).findFirst();
    }

    /** {@code backend name -> [server, name, host:port, options...]} of compose/haproxy/haproxy.cfg. */
    private static Map<String, List<String[]>> haproxyBackends() throws IOException {
        Map<String, List<String[]>> backends = new LinkedHashMap<>();
        String backend = null;
        for (String line : Files.readAllLines(COMPOSE.resolve("haproxy/haproxy.cfg"))) {
            String[] words = line.strip().split("\\s+");
            if (line.isBlank() || words[0].startsWith("#")) continue;
            if (!Character.isWhitespace(line.charAt(0))) {
                backend = words[0].equals("backend") ? words[1] : null;
                if (backend != null) backends.put(backend, new ArrayList<>());
            } else if (backend != null && words[0].equals("server")) {
                backends.get(backend).add(words);
            }
        }
        return backends;
    }

    private static String haproxyBind() throws IOException {
        Matcher bind = Pattern.compile("(?m)^\\s+bind\\s+\\S*:(\\d+)").matcher(Files.readString(COMPOSE.resolve("haproxy/haproxy.cfg")));
        assertTrue(bind.find(), "HAProxy binds a port");
        return bind.group(1);
    }

    /** Whether an IPv4 CIDR block (or single address) contains an address. */
    private static boolean contains(String cidr, String address) {
        String[] parts = cidr.split("/");
        int bits = parts.length > 1 ? Integer.parseInt(parts[1]) : 32;
        long mask = bits == 0 ? 0 : (0xFFFFFFFFL << (32 - bits)) & 0xFFFFFFFFL;
        return (ipv4(parts[0]) & mask) == (ipv4(address) & mask);
    }

    private static long ipv4(String address) {
        long value = 0;
        for (String octet : address.split("\\.")) value = value << 8 | Integer.parseInt(octet);
        return value;
    }

    private static Map<String, Map<String, Object>> jobs(Map<String, Object> prometheus) {
        Map<String, Map<String, Object>> jobs = new LinkedHashMap<>();
        for (Object job : (List<?>) prometheus.get("scrape_configs")) jobs.put(String.valueOf(cast(job).get("job_name")), cast(job));
        return jobs;
    }

    /** A service's environment (a map, or a list of NAME=value), interpolations at their defaults. */
    private static Map<String, String> environment(Map<String, Object> service) {
        Map<String, String> env = new LinkedHashMap<>();
        Object value = service.get("environment");
        if (value instanceof Map<?, ?> map) {
            map.forEach((k, v) -> env.put(String.valueOf(k), interpolate(String.valueOf(v))));
        } else {
            for (String entry : strings(value)) {
                int eq = entry.indexOf('=');
                env.put(eq < 0 ? entry : entry.substring(0, eq), eq < 0 ? "" : interpolate(entry.substring(eq + 1)));
            }
        }
        return env;
    }

    private static String interpolate(String text) {
        Matcher matcher = INTERPOLATION.matcher(text);
        StringBuilder out = new StringBuilder();
        while (matcher.find()) {
            if (matcher.group(2) == null) fail("${" + matcher.group(1) + "} has no default: " + text);
            matcher.appendReplacement(out, Matcher.quoteReplacement(matcher.group(2)));
        }
        return matcher.appendTail(out).toString();
    }

    private static List<String> strings(Object value) {
        if (value == null) return List.of();
        if (value instanceof List<?> list) return list.stream().map(String::valueOf).toList();
        return List.of(String.valueOf(value));
    }

    private static Map<String, Map<String, Object>> children(Map<String, Object> parent, String key) {
        Map<String, Map<String, Object>> children = new LinkedHashMap<>();
        if (parent.get(key) instanceof Map<?, ?> map) {
            map.forEach((k, v) -> children.put(String.valueOf(k), v instanceof Map<?, ?> ? cast(v) : Map.of()));
        }
        return children;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> cast(Object map) {
        return (Map<String, Object>) map;
    }

    private static Map<String, Object> yaml(Path file) {
        try {
            return cast(new Yaml().load(Files.readString(file)));
        } catch (IOException e) {
            throw new AssertionError("cannot read " + file, e);
        }
    }
}
