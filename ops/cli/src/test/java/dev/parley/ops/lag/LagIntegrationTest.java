package dev.parley.ops.lag;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.kafka.testkit.Eventually;
import dev.parley.kafka.testkit.KafkaBrokerExtension;
import dev.parley.kafka.testkit.TestKafka;
import dev.parley.ops.ParleyCommand;
import dev.parley.ops.lag.LagReport.GroupLag;
import dev.parley.ops.lag.LagReport.PartitionLag;
import dev.parley.schemas.json.Json;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.RecordsToDelete;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

@ExtendWith(KafkaBrokerExtension.class)
class LagIntegrationTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    private static final Instant NOW = Instant.parse("2026-01-02T03:04:05Z");
    private static final int PRODUCED = 10;
    private static final long COMMITTED = 4;

    @Test
    void shouldReportTheBacklogOfACommittedGroupPerPartitionAndInTotal(TestKafka kafka) throws Exception {
        String topic = kafka.topicPrefix() + "backlog";
        String group = kafka.topicPrefix() + "lagging-app";
        TopicPartition backlogged = new TopicPartition(topic, 1);
        TopicPartition caughtUp = new TopicPartition(topic, 0);
        try (Admin admin = kafka.admin()) {
            admin.createTopics(List.of(new NewTopic(topic, 3, (short) 1))).all().get();
            produce(kafka, backlogged, PRODUCED);
            produce(kafka, caughtUp, 3);
            admin.alterConsumerGroupOffsets(group, Map.of(backlogged, new OffsetAndMetadata(COMMITTED),
                    caughtUp, new OffsetAndMetadata(3))).all().get();

            LagReport report = collector(admin, kafka).collect(new GroupSelection(List.of(), kafka.topicPrefix(), false));

            GroupLag lagging = report.group(group);
            assertNotNull(lagging, "the deployment's group is reported: " + report);
            assertEquals(new PartitionLag(topic, 1, OptionalLong.of(COMMITTED), 0, PRODUCED), lagging.partition(topic, 1));
            assertEquals(PRODUCED - COMMITTED, lagging.partition(topic, 1).lag());
            assertEquals(0, lagging.partition(topic, 0).lag());
            assertEquals(PRODUCED - COMMITTED, lagging.totalLag());
            assertEquals(List.of(group), report.groups().stream().map(GroupLag::group).toList(),
                    "only groups with the deployment's prefix");

            JsonNode json = Json.MAPPER.readTree(LagJson.render(report));
            JsonNode partition1 = json.get("groups").get(group).get("partitions").get(1);
            assertEquals(1, partition1.get("partition").asInt());
            assertEquals(COMMITTED, partition1.get("committed_offset").asLong());
            assertEquals(PRODUCED, partition1.get("end_offset").asLong());
            assertEquals(PRODUCED - COMMITTED, partition1.get("lag").asLong());
            assertEquals(PRODUCED - COMMITTED, json.get("groups").get(group).get("total_lag").asLong());
            assertEquals(NOW.toString(), json.get("at").asText());

            String table = LagTable.render(report);
            assertTrue(table.lines().anyMatch(l -> l.matches(
                    "\\Q" + group + "\\E\\s+\\Q" + topic + "\\E\\s+1\\s+4\\s+10\\s+6")), table);
            assertTrue(table.lines().anyMatch(l -> l.matches("\\Q" + group + "\\E\\s+\\(total\\)\\s+6")), table);
        }
    }

    @Test
    void shouldPrintTheLagAsJsonThroughTheCommand(TestKafka kafka, @TempDir Path dir) throws Exception {
        String topic = kafka.topicPrefix() + "backlog";
        String group = kafka.topicPrefix() + "json-app";
        String otherGroup = "elsewhere-" + kafka.namespace();
        TopicPartition partition = new TopicPartition(topic, 0);
        try (Admin admin = kafka.admin()) {
            admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1))).all().get();
            produce(kafka, partition, PRODUCED);
            admin.alterConsumerGroupOffsets(group, Map.of(partition, new OffsetAndMetadata(COMMITTED))).all().get();
            admin.alterConsumerGroupOffsets(otherGroup, Map.of(partition, new OffsetAndMetadata(1))).all().get();
        }
        Path config = dir.resolve("parley.properties");
        Files.writeString(config, "kafka.topic-prefix=" + kafka.topicPrefix() + "\n");
        StringWriter out = new StringWriter();

        int exit = ParleyCommand.commandLine().setOut(new PrintWriter(out, true))
                .execute("lag", "--config", config.toString(), "--bootstrap", kafka.bootstrapServers(), "--json");

        assertEquals(0, exit);
        JsonNode groups = Json.MAPPER.readTree(out.toString()).get("groups");
        assertEquals(PRODUCED - COMMITTED, groups.get(group).get("partitions").get(0).get("lag").asLong());
        assertEquals(PRODUCED - COMMITTED, groups.get(group).get("total_lag").asLong());
        assertNull(groups.get(otherGroup), "a group without the deployment's prefix needs --all");

        StringWriter all = new StringWriter();
        ParleyCommand.commandLine().setOut(new PrintWriter(all, true)).execute("lag", "--config", config.toString(),
                "--bootstrap", kafka.bootstrapServers(), "--all", "--json");
        assertEquals(PRODUCED - 1, Json.MAPPER.readTree(all.toString()).get("groups").get(otherGroup).get("total_lag").asLong());
    }

    @Test
    void shouldCountFromTheLogStartWhenAnAssignedPartitionHasNoCommittedOffset(TestKafka kafka) throws Exception {
        String topic = kafka.topicPrefix() + "fresh";
        String group = kafka.topicPrefix() + "fresh-app";
        TopicPartition partition = new TopicPartition(topic, 0);
        try (Admin admin = kafka.admin()) {
            admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1))).all().get();
            produce(kafka, partition, PRODUCED);
            admin.deleteRecords(Map.of(partition, RecordsToDelete.beforeOffset(3))).all().get();
            try (KafkaConsumer<String, String> member = member(kafka, group)) {
                member.subscribe(List.of(topic));
                Eventually.await(TIMEOUT, "the member's assignment", () -> {
                    member.poll(Duration.ofMillis(100));
                    return !member.assignment().isEmpty();
                });

                LagReport report = collector(admin, kafka).collect(new GroupSelection(List.of(group), kafka.topicPrefix(), false));

                PartitionLag lag = report.group(group).partition(topic, 0);
                assertEquals(OptionalLong.empty(), lag.committed());
                assertEquals(3, lag.logStart());
                assertEquals(PRODUCED - 3, lag.lag(), "everything from the log start on");
                assertTrue(LagTable.render(report).contains("COMMITTED '-'"), LagTable.render(report));
            }
        }
    }

    @Test
    void shouldExitWithOneLineWhenTheClusterCannotBeReached() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        StringWriter err = new StringWriter();

        int exit = ParleyCommand.commandLine().setErr(new PrintWriter(err, true))
                .execute("lag", "--bootstrap", "127.0.0.1:" + closedPort, "--timeout", "1");

        assertEquals(1, exit);
        assertEquals(1, err.toString().lines().count(), err.toString());
        assertTrue(err.toString().startsWith("parley: Kafka at 127.0.0.1:" + closedPort + " did not answer within 1 s"),
                err.toString());
    }

    private static LagCollector collector(Admin admin, TestKafka kafka) {
        return new LagCollector(admin, kafka.bootstrapServers(), TIMEOUT, Clock.fixed(NOW, ZoneOffset.UTC));
    }

    private static void produce(TestKafka kafka, TopicPartition partition, int count) throws Exception {
        try (var producer = new KafkaProducer<>(kafka.producerConfig(), new StringSerializer(), new StringSerializer())) {
            for (int i = 0; i < count; i++) {
                producer.send(new ProducerRecord<>(partition.topic(), partition.partition(), "k" + i, "v" + i)).get();
            }
        }
    }

    private static KafkaConsumer<String, String> member(TestKafka kafka, String group) {
        Map<String, Object> config = kafka.consumerConfig();
        config.put(ConsumerConfig.GROUP_ID_CONFIG, group);
        return new KafkaConsumer<>(config, new StringDeserializer(), new StringDeserializer());
    }
}
