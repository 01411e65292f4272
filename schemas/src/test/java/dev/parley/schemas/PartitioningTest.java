package dev.parley.schemas;

import org.apache.kafka.clients.producer.internals.BuiltInPartitioner;
import org.apache.kafka.common.serialization.LongSerializer;
import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;

class PartitioningTest {

    @Test
    void shouldChooseThePartitionKafkasDefaultPartitionerChooses() {
        LongSerializer serializer = new LongSerializer();
        SplittableRandom random = new SplittableRandom(42);
        for (int i = 0; i < 10_000; i++) {
            long id = random.nextLong(Long.MAX_VALUE);
            byte[] key = serializer.serialize("any", id);
            assertEquals(BuiltInPartitioner.partitionForKey(key, Partitioning.GUILD_PARTITIONS),
                    Partitioning.guildPartition(id), "guild " + id);
            assertEquals(BuiltInPartitioner.partitionForKey(key, Partitioning.USER_PARTITIONS),
                    Partitioning.userPartition(id), "user " + id);
        }
    }

    @Test
    void shouldChooseTheGatewayPartitionKafkasDefaultPartitionerChooses() {
        var serializer = new org.apache.kafka.common.serialization.StringSerializer();
        for (String gateway : new String[]{"gw-1", "gw-0a1b2c3d", "eu-west-7"}) {
            assertEquals(BuiltInPartitioner.partitionForKey(serializer.serialize("any", gateway),
                    Partitioning.GATEWAY_PARTITIONS), Partitioning.gatewayPartition(gateway), gateway);
        }
    }

    @Test
    void shouldGiveEveryGuildKeyedTopicTheSamePartitionCount() {
        for (Topic<?, ?> topic : Topics.ALL) {
            if (topic.keyKind() == KeyKind.GUILD) {
                assertEquals(Partitioning.GUILD_PARTITIONS, topic.partitions(), topic.name());
            }
            if (topic.keyKind() == KeyKind.USER || topic.keyKind() == KeyKind.SESSION) {
                assertEquals(Partitioning.USER_PARTITIONS, topic.partitions(), topic.name());
            }
            if (topic.keyKind() == KeyKind.GATEWAY) {
                assertEquals(Partitioning.GATEWAY_PARTITIONS, topic.partitions(), topic.name());
            }
        }
    }
}
