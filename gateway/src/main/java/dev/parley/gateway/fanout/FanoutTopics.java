package dev.parley.gateway.fanout;

import dev.parley.schemas.Partitioning;
import dev.parley.schemas.Topics;
import org.apache.kafka.common.TopicPartition;

/** The partitions the fan-out reads for a guild or a user, in the topics of one prefix. */
record FanoutTopics(String guildEvents, String presenceUpdates, String userEvents) {

    static FanoutTopics withPrefix(String prefix) {
        return new FanoutTopics(Topics.GUILD_EVENTS.withPrefix(prefix).name(),
                Topics.PRESENCE_UPDATES.withPrefix(prefix).name(), Topics.USER_EVENTS.withPrefix(prefix).name());
    }

    TopicPartition guildPartition(long guildId) {
        return new TopicPartition(guildEvents, Partitioning.guildPartition(guildId));
    }

    TopicPartition presencePartition(long guildId) {
        return new TopicPartition(presenceUpdates, Partitioning.guildPartition(guildId));
    }

    TopicPartition userPartition(long userId) {
        return new TopicPartition(userEvents, Partitioning.userPartition(userId));
    }
}
