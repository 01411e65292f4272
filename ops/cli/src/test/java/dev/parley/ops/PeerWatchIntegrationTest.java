package dev.parley.ops;

import dev.parley.kafka.testkit.Eventually;
import dev.parley.kafka.testkit.KafkaBrokerExtension;
import dev.parley.kafka.testkit.TestKafka;
import dev.parley.schemas.TopicProvisioner;
import dev.parley.schemas.Topics;
import dev.parley.streams.guild.GuildStateTopology;
import dev.parley.streams.presence.PresenceTopology;
import dev.parley.streams.user.UserStateTopology;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.MemberDescription;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A SIGKILLed streams process leaves its apps' groups as soon as the other process sees its state query port refuse
 * connections ({@code PeerWatch}), not after the session timeout: here 30 s, so only the watch can remove its static
 * members within the {@value #WITHIN_SECONDS} s this test allows.
 */
@ExtendWith(KafkaBrokerExtension.class)
class PeerWatchIntegrationTest {
    private static final String CLUSTER_SECRET = "peer-watch-cluster-secret-0123456";
    private static final long WITHIN_SECONDS = 15;
    private static final List<String> APPS = List.of(GuildStateTopology.APP, UserStateTopology.APP, PresenceTopology.APP);

    @Test
    void shouldRemoveACrashedPeersMembersLongBeforeTheSessionTimeout(TestKafka kafka, @TempDir Path data) throws Exception {
        try (Admin admin = kafka.admin()) {
            TopicProvisioner.ensure(admin, kafka.topicPrefix(), Topics.ALL);
        }
        Process[] streams = new Process[2];
        try (Admin admin = kafka.admin()) {
            for (int i = 0; i < 2; i++) {
                Path config = data.resolve("streams-" + (i + 1) + ".properties");
                Files.writeString(config, String.join("\n",
                        "kafka.bootstrap-servers=" + kafka.bootstrapServers(),
                        "kafka.topic-prefix=" + kafka.topicPrefix(),
                        "data.dir=" + data.resolve("streams-" + (i + 1)),
                        "streams.query-host=127.0.0.1",
                        "streams.query-port=" + freePort(),
                        "streams.standby-replicas=1",
                        "streams.session-timeout=30s",
                        "streams.heartbeat-interval=1s",
                        "streams.instance-id=peer-" + (i + 1),
                        "cluster.secret=" + CLUSTER_SECRET, ""));
                streams[i] = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx512m",
                        "-cp", System.getProperty("java.class.path"), ParleyCommand.class.getName(), "streams", "--config",
                        config.toString()).redirectErrorStream(true).redirectOutput(data.resolve("streams-" + (i + 1) + ".log").toFile())
                        .start();
            }
            for (String app : APPS) {
                Eventually.await(Duration.ofSeconds(180), "both processes holding tasks of " + app, () ->
                        members(admin, kafka.topicPrefix() + app).stream()
                                .filter(m -> !m.assignment().topicPartitions().isEmpty()).count() == 2);
            }

            streams[0].destroyForcibly().waitFor();
            long killed = System.nanoTime();
            for (String app : APPS) {
                Eventually.await(Duration.ofSeconds(WITHIN_SECONDS), "peer-1 out of " + app, () ->
                        members(admin, kafka.topicPrefix() + app).stream()
                                .noneMatch(m -> m.groupInstanceId().orElse("").startsWith("peer-1-")));
            }
            System.out.printf("peer watch: the crashed process left its apps' groups %d ms after SIGKILL%n",
                    TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - killed));
        } finally {
            for (Process p : streams) if (p != null) p.destroyForcibly().waitFor();
        }
    }

    /** The group's members; fails (for {@link Eventually} to try again) when Kafka does not say. */
    private static List<MemberDescription> members(Admin admin, String group) {
        try {
            return List.copyOf(admin.describeConsumerGroups(List.of(group)).describedGroups().get(group)
                    .get(10, TimeUnit.SECONDS).members());
        } catch (Exception e) {
            throw new IllegalStateException("cannot describe " + group, e);
        }
    }

    private static int freePort() throws Exception {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
