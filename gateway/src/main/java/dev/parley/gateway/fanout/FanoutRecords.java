package dev.parley.gateway.fanout;

import dev.parley.schemas.Topic;
import dev.parley.schemas.Topics;
import dev.parley.schemas.guild.GuildEvent;
import dev.parley.schemas.presence.PresenceUpdate;
import dev.parley.schemas.user.UserEvent;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Turns a record of the topics the fan-out reads into the {@link FanoutRoutes} input it is: the one decoder of those
 * records, for the live fan-out and for rebuilding a session elsewhere alike. Stateless; any thread.
 */
final class FanoutRecords {
    /** Told of each event decoded (for the live fan-out's metrics). */
    interface Decoded {
        void event(String topic, String type);
    }

    private final Topic<Long, GuildEvent> guildEvents;
    private final Topic<Long, UserEvent> userEvents;
    private final Topic<Long, PresenceUpdate> presenceUpdates;

    FanoutRecords(String topicPrefix) {
        this.guildEvents = Topics.GUILD_EVENTS.withPrefix(topicPrefix);
        this.userEvents = Topics.USER_EVENTS.withPrefix(topicPrefix);
        this.presenceUpdates = Topics.PRESENCE_UPDATES.withPrefix(topicPrefix);
    }

    /** Whether {@code record} is of {@code guild-events}. */
    boolean isGuildEvent(ConsumerRecord<byte[], byte[]> record) {
        return record.topic().equals(guildEvents.name());
    }

    /** Shows {@code routes} a {@code guild-events} record delivered before it started, so it drops a replay of it. */
    void remember(ConsumerRecord<byte[], byte[]> record, FanoutRoutes routes) {
        if (!isGuildEvent(record)) return;
        GuildEvent event = guildEvents.valueSerde().deserializer().deserialize(record.topic(), record.value());
        if (event != null) routes.seen(record.partition(), event, record.value());
    }

    /** Feeds {@code record} to {@code routes}; a record of another topic, or a tombstone, is ignored. */
    void route(ConsumerRecord<byte[], byte[]> record, FanoutRoutes routes, Decoded decoded) {
        if (record.topic().equals(guildEvents.name())) {
            GuildEvent event = guildEvents.valueSerde().deserializer().deserialize(record.topic(), record.value());
            if (event == null) return;
            decoded.event(guildEvents.name(), event.dispatchType());
            routes.guildEvent(record.partition(), event, record.value(), record.timestamp());
        } else if (record.topic().equals(presenceUpdates.name())) {
            PresenceUpdate update = presenceUpdates.valueSerde().deserializer().deserialize(record.topic(), record.value());
            if (update == null) return;
            decoded.event(presenceUpdates.name(), update.dispatchType());
            routes.presence(update, record.timestamp());
        } else if (record.topic().equals(userEvents.name())) {
            UserEvent event = userEvents.valueSerde().deserializer().deserialize(record.topic(), record.value());
            if (event == null) return;
            decoded.event(userEvents.name(), event.getClass().getSimpleName());
            routes.userEvent(event);
        }
    }
}
