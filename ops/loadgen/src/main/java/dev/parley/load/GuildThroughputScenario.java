package dev.parley.load;

import dev.parley.schemas.Topic;
import dev.parley.schemas.Topics;
import dev.parley.schemas.guild.CreateGuild;
import dev.parley.schemas.guild.CreateMessage;
import dev.parley.schemas.guild.GuildCommand;
import dev.parley.schemas.guild.GuildEvent;
import dev.parley.schemas.guild.MessageCreated;
import dev.parley.schemas.guild.User;
import dev.parley.schemas.Partitioning;
import dev.parley.schemas.ids.GuildObjectIdGenerator;
import dev.parley.schemas.ids.Snowflake;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * Guild commands through the guild state app, as fast as they go: CREATE_MESSAGE commands written straight to
 * {@code guild-commands} over many guilds (no REST, no gateway), counted when their MESSAGE_CREATE comes out of
 * {@code guild-events}. Each command is validated against the stores and changes them (history, id floor).
 */
@Command(name = "guild-throughput", mixinStandardHelpOptions = true,
        description = "Guild commands per second through the guild state app (Kafka in and out).")
final class GuildThroughputScenario implements Callable<Integer> {
    @Mixin
    KafkaOptions kafka;

    @Option(names = "--guilds", defaultValue = "120")
    int guilds;

    @Option(names = "--commands", defaultValue = "500000")
    int commands;

    @Override
    public Integer call() {
        Topic<Long, GuildCommand> in = Topics.GUILD_COMMANDS.withPrefix(kafka.prefix);
        Topic<Long, GuildEvent> out = Topics.GUILD_EVENTS.withPrefix(kafka.prefix);
        Map<String, Object> producerConfig = Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrap,
                ProducerConfig.ACKS_CONFIG, "all", ProducerConfig.LINGER_MS_CONFIG, 5,
                ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024, ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        Map<String, Object> consumerConfig = Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrap,
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false, ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5000);
        String run = "gt" + Long.toString(System.currentTimeMillis() % 1_000_000, 36);
        long base = Snowflake.of(System.currentTimeMillis(), 15, 31, 0);
        User owner = User.of(base, run, true);
        GuildObjectIdGenerator ids = new GuildObjectIdGenerator(Snowflake.MAX_GATEWAY_WORKER); // as a gateway makes them
        Map<String, Object> extra = new LinkedHashMap<>();
        try (var producer = new KafkaProducer<>(producerConfig, in.keySerde().serializer(), in.valueSerde().serializer());
             var consumer = new KafkaConsumer<>(consumerConfig, out.keySerde().deserializer(), out.valueSerde().deserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(out.name()).stream()
                    .map(p -> new TopicPartition(out.name(), p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToEnd(partitions);
            partitions.forEach(consumer::position);
            long[] guildIds = new long[guilds];
            long[] channels = new long[guilds];
            for (int g = 0; g < guilds; g++) {
                guildIds[g] = base + 1 + g;
                producer.send(new ProducerRecord<>(in.name(), guildIds[g], new CreateGuild(run + "-g" + g, null, guildIds[g], owner,
                        "Bench " + g, ids.next(Partitioning.guildPartition(guildIds[g])))));
            }
            producer.flush();
            int created = 0;
            while (created < guilds) {
                for (ConsumerRecord<Long, GuildEvent> r : consumer.poll(Duration.ofMillis(200))) {
                    if (r.value() instanceof dev.parley.schemas.guild.GuildCreated c && c.requestId().startsWith(run)) {
                        int g = (int) (c.guildId() - base - 1);
                        channels[g] = c.guild().channels().get(0).id();
                        created++;
                    }
                }
            }
            System.out.println(guilds + " guilds ready; sending " + commands + " CREATE_MESSAGE commands");
            long started = System.nanoTime();
            Thread sender = new Thread(() -> {
                for (int i = 0; i < commands; i++) {
                    int g = i % guilds;
                    producer.send(new ProducerRecord<>(in.name(), guildIds[g], new CreateMessage(run + "-m" + i, null,
                            guildIds[g], owner.id(), channels[g], ids.next(Partitioning.guildPartition(guildIds[g])),
                            "bench " + i, null, false, false)));
                }
                producer.flush();
            }, "guild-throughput-sender");
            sender.start();
            long seen = 0;
            long lastReport = System.nanoTime();
            long lastSeen = 0;
            while (seen < commands) {
                for (ConsumerRecord<Long, GuildEvent> r : consumer.poll(Duration.ofMillis(200))) {
                    if (r.value() instanceof MessageCreated m && m.requestId() != null && m.requestId().startsWith(run)) seen++;
                }
                if (System.nanoTime() - lastReport > 1_000_000_000L) {
                    System.out.printf("[guild-throughput] %d/%d events, %d/s%n", seen, commands, seen - lastSeen);
                    lastSeen = seen;
                    lastReport = System.nanoTime();
                }
                if ((System.nanoTime() - started) > 600_000_000_000L) break;
            }
            double seconds = (System.nanoTime() - started) / 1e9;
            extra.put("events_seen", seen);
            extra.put("seconds", seconds);
            extra.put("commands_per_second", Math.round(seen / seconds));
        }
        Map<String, Object> parameters = new LinkedHashMap<>();
        parameters.put("guilds", guilds);
        parameters.put("commands", commands);
        IdleScenario.print(Report.write(kafka.out, "guild-throughput", parameters, new Metrics(), extra));
        return 0;
    }
}
