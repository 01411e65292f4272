package dev.parley.schemas;

import org.apache.kafka.common.serialization.LongSerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.common.utils.Utils;

/**
 * The partitioning rule. Every guild-keyed topic has {@link #GUILD_PARTITIONS} partitions and a {@code Long}
 * key serialized by {@link LongSerializer}, so Kafka's default partitioner (murmur2 of the key bytes) puts a
 * guild in the same partition {@code p} of each: a gateway that holds sessions of a guild reads partition
 * {@code p} of every guild-keyed output topic, and a streams task owning {@code p} owns those guilds' state.
 *
 * <p>The counts are fixed for the life of a cluster: changing one moves guilds between partitions and
 * needs new topics.
 */
public final class Partitioning {
    /** Partitions of every guild-keyed topic. */
    public static final int GUILD_PARTITIONS = 12;
    /** Partitions of every user-keyed topic. */
    public static final int USER_PARTITIONS = 12;
    /** Partitions of every gateway-keyed topic (replies): each gateway reads the one its id hashes to. */
    public static final int GATEWAY_PARTITIONS = 12;

    private static final LongSerializer KEY_SERIALIZER = new LongSerializer();
    private static final StringSerializer GATEWAY_KEY_SERIALIZER = new StringSerializer();

    private Partitioning() {
    }

    /** The partition of every guild-keyed topic that holds {@code guildId}. */
    public static int guildPartition(long guildId) {
        return partitionOf(guildId, GUILD_PARTITIONS);
    }

    /** The partition of every user-keyed topic that holds {@code userId}. */
    public static int userPartition(long userId) {
        return partitionOf(userId, USER_PARTITIONS);
    }

    /** The partition of every gateway-keyed topic that holds records for {@code gatewayId}. */
    public static int gatewayPartition(String gatewayId) {
        return Utils.toPositive(Utils.murmur2(GATEWAY_KEY_SERIALIZER.serialize(null, gatewayId))) % GATEWAY_PARTITIONS;
    }

    /** The partition Kafka's default partitioner chooses for a {@code Long} key among {@code partitions}. */
    public static int partitionOf(long key, int partitions) {
        return Utils.toPositive(Utils.murmur2(KEY_SERIALIZER.serialize(null, key))) % partitions;
    }
}
