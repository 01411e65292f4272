package dev.parley.load;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.LongDeserializer;
import org.apache.kafka.common.serialization.LongSerializer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * The Kafka floor: produce → consume latency on the same broker, with the gateway's producer settings
 * ({@code acks=all}, idempotent, linger 1 ms) and its consumer's (manual assignment, read_committed).
 */
@Command(name = "raw-kafka", mixinStandardHelpOptions = true, description = "Raw Kafka produce → consume latency.")
final class RawKafkaScenario implements Callable<Integer> {
    @Mixin
    KafkaOptions kafka;

    @Option(names = "--rate", defaultValue = "1000", description = "Records per second.")
    int rate;

    @Option(names = "--bytes", defaultValue = "600", description = "Record size (a typical MESSAGE_CREATE event).")
    int bytes;

    @Option(names = "--duration", defaultValue = "30")
    int duration;

    @Override
    public Integer call() throws Exception {
        String topic = kafka.prefix + "bench-raw-" + Long.toString(System.currentTimeMillis() % 1_000_000, 36);
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrap))) {
            admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1))).all().get();
        }
        Metrics metrics = new Metrics();
        Map<String, Object> producerConfig = Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrap,
                ProducerConfig.ACKS_CONFIG, "all", ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                ProducerConfig.LINGER_MS_CONFIG, 1);
        Map<String, Object> consumerConfig = Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrap,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed", ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 10,
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        byte[] payload = new byte[bytes];
        try (var producer = new KafkaProducer<>(producerConfig, new LongSerializer(), new ByteArraySerializer());
             var consumer = new KafkaConsumer<>(consumerConfig, new LongDeserializer(), new ByteArrayDeserializer())) {
            TopicPartition partition = new TopicPartition(topic, 0);
            consumer.assign(List.of(partition));
            consumer.seekToEnd(List.of(partition));
            consumer.position(partition);
            metrics.restart();
            long end = System.nanoTime() + duration * 1_000_000_000L;
            try (Progress progress = new Progress("raw-kafka", metrics);
                 Pacer pacer = new Pacer(() -> rate, n -> {
                     metrics.sent.increment();
                     producer.send(new ProducerRecord<>(topic, System.nanoTime(), payload));
                 })) {
                while (System.nanoTime() < end) {
                    for (ConsumerRecord<Long, byte[]> record : consumer.poll(Duration.ofMillis(100))) {
                        metrics.delivered((System.nanoTime() - record.key()) / 1000);
                    }
                }
            }
        }
        Map<String, Object> parameters = new LinkedHashMap<>();
        parameters.put("rate", rate);
        parameters.put("bytes", bytes);
        parameters.put("duration_s", duration);
        IdleScenario.print(Report.write(kafka.out, "raw-kafka", parameters, metrics, Map.of()));
        return 0;
    }
}
