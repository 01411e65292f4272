package dev.parley.gateway.fanout;

import dev.parley.gateway.session.GatewaySession;
import dev.parley.gateway.session.SessionRegistry;
import dev.parley.gateway.state.StateClient;
import dev.parley.schemas.Partitioning;
import dev.parley.schemas.Topic;
import dev.parley.schemas.Topics;
import dev.parley.schemas.guild.GuildEvent;
import dev.parley.schemas.presence.PresenceUpdate;
import dev.parley.schemas.user.UserEvent;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;

import java.util.Collection;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * Delivers the guild-keyed ({@code guild-events}, {@code presence-updates}) and user-keyed ({@code user-events})
 * output topics to this gateway's sessions. It reads exactly the partitions that hold its sessions' guilds and users, assigned as sessions come and go, and routes each event to
 * the sessions that should see it. Thread-safe; the routing itself runs on one consumer thread.
 */
public final class Fanout implements AutoCloseable {
    private final Topic<Long, GuildEvent> guildEvents;
    private final Topic<Long, UserEvent> userEvents;
    private final Topic<Long, PresenceUpdate> presenceUpdates;
    private final GuildSubscriptions subscriptions = new GuildSubscriptions();
    private final FanoutConsumer consumer;
    private final GuildEventRouter guildRouter;
    private final UserEventRouter userRouter;

    public Fanout(String bootstrapServers, String topicPrefix, String gatewayId, SessionRegistry registry,
                  StateClient state) {
        this.guildEvents = Topics.GUILD_EVENTS.withPrefix(topicPrefix);
        this.userEvents = Topics.USER_EVENTS.withPrefix(topicPrefix);
        this.presenceUpdates = Topics.PRESENCE_UPDATES.withPrefix(topicPrefix);
        this.consumer = new FanoutConsumer(bootstrapServers, gatewayId + "-fanout");
        GuildEventRouter.Subscriber subscriber = new GuildEventRouter.Subscriber() {
            @Override
            public boolean subscribe(GatewaySession session, long guildId) {
                return Fanout.this.subscribe(session, guildId);
            }

            @Override
            public boolean unsubscribe(GatewaySession session, long guildId) {
                if (!subscriptions.unsubscribe(session, guildId)) return false;
                releaseGuild(guildId);
                return true;
            }
        };
        this.guildRouter = new GuildEventRouter(subscriptions, registry, subscriber);
        this.userRouter = new UserEventRouter(registry, subscriptions, subscriber, consumer.book(), this::guildPartition,
                state, consumer);
        consumer.start(this::route);
    }

    /**
     * Starts delivering {@code guildIds}' events and its user's events to {@code session}, reading their partitions
     * from now on. The future completes once the partitions are assigned.
     */
    public CompletableFuture<Void> attach(GatewaySession session, Collection<Long> guildIds) {
        CompletableFuture<Void> attached = new CompletableFuture<>();
        consumer.execute(() -> {
            for (long guildId : guildIds) subscribe(session, guildId);
            consumer.book().acquire(userPartition(session.user().id()), -1);
            attached.complete(null);
        });
        return attached;
    }

    /** Stops all delivery to {@code session} (it ended). */
    public void detach(GatewaySession session) {
        consumer.execute(() -> {
            for (long guildId : subscriptions.remove(session)) releaseGuild(guildId);
            consumer.book().release(userPartition(session.user().id()));
        });
    }

    /** Stops delivering {@code guildId}'s events to {@code session} (it turned out not to be a member). */
    public void unsubscribe(GatewaySession session, long guildId) {
        consumer.execute(() -> {
            if (subscriptions.unsubscribe(session, guildId)) releaseGuild(guildId);
        });
    }

    /** The guilds {@code session} receives events of. */
    public Set<Long> guildsOf(GatewaySession session) {
        return subscriptions.guildsOf(session);
    }

    private boolean subscribe(GatewaySession session, long guildId) {
        if (!subscriptions.subscribe(session, guildId)) return false;
        consumer.book().acquire(guildPartition(guildId), -1);
        consumer.book().acquire(presencePartition(guildId), -1);
        userRouter.joinSeen(session.user().id(), guildId);
        return true;
    }

    private void releaseGuild(long guildId) {
        consumer.book().release(guildPartition(guildId));
        consumer.book().release(presencePartition(guildId));
    }

    private void route(ConsumerRecord<byte[], byte[]> record) {
        if (record.topic().equals(guildEvents.name())) {
            GuildEvent event = guildEvents.valueSerde().deserializer().deserialize(record.topic(), record.value());
            if (event != null) guildRouter.route(event);
        } else if (record.topic().equals(presenceUpdates.name())) {
            PresenceUpdate update = presenceUpdates.valueSerde().deserializer().deserialize(record.topic(), record.value());
            if (update != null) guildRouter.route(update);
        } else if (record.topic().equals(userEvents.name())) {
            UserEvent event = userEvents.valueSerde().deserializer().deserialize(record.topic(), record.value());
            if (event != null) userRouter.route(event);
        }
    }

    private TopicPartition guildPartition(long guildId) {
        return new TopicPartition(guildEvents.name(), Partitioning.guildPartition(guildId));
    }

    private TopicPartition presencePartition(long guildId) {
        return new TopicPartition(presenceUpdates.name(), Partitioning.guildPartition(guildId));
    }

    private TopicPartition userPartition(long userId) {
        return new TopicPartition(userEvents.name(), Partitioning.userPartition(userId));
    }

    @Override
    public void close() {
        consumer.close();
    }
}
