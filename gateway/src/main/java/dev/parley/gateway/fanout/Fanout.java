package dev.parley.gateway.fanout;

import dev.parley.gateway.metrics.GatewayMetrics;
import dev.parley.gateway.session.GatewaySession;
import dev.parley.gateway.session.SessionRegistry;
import dev.parley.gateway.state.StateClient;
import dev.parley.schemas.KafkaClients;
import dev.parley.schemas.Partitioning;
import dev.parley.schemas.Topic;
import dev.parley.schemas.Topics;
import dev.parley.schemas.guild.GuildEvent;
import dev.parley.schemas.presence.PresenceUpdate;
import dev.parley.schemas.user.UserEvent;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;

import java.time.Duration;
import java.util.Collection;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.LongConsumer;

/**
 * Delivers the guild-keyed ({@code guild-events}, {@code presence-updates}) and user-keyed ({@code user-events})
 * output topics to this gateway's sessions. It reads exactly the partitions that hold its sessions' guilds and users,
 * assigned as sessions come and go, and routes each event to the sessions that should see it, once: a guild event
 * delivered already is dropped ({@link ReplayFilter}). Thread-safe; the routing itself runs on one consumer thread.
 */
public final class Fanout implements AutoCloseable {
    private final Topic<Long, GuildEvent> guildEvents;
    private final Topic<Long, UserEvent> userEvents;
    private final Topic<Long, PresenceUpdate> presenceUpdates;
    private final GuildSubscriptions subscriptions = new GuildSubscriptions();
    private final FanoutConsumer consumer;
    private final GuildEventRouter guildRouter;
    private final UserEventRouter userRouter;
    private final SessionRegistry registry;
    private final GatewayMetrics metrics;
    /** Consumer thread only. */
    private final ReplayFilter replays;
    /** Sessions whose user's partition of {@code user-events} is held. Consumer thread only. */
    private final Set<GatewaySession> watched = new java.util.HashSet<>();

    /**
     * @param replayWindow  guild events remembered per partition to drop replays ({@link ReplayFilter})
     * @param taskTimeout   how long a session's start waits for the consumer thread ({@code gateway.fanout.task-timeout});
     *                      then {@link #watchUser}, {@link #attach} and {@link #start} fail with {@link FanoutStalledException}
     * @param tokensRevoked told the id of each user whose tokens were revoked (on the consumer's thread)
     */
    public Fanout(KafkaClients kafka, String topicPrefix, String gatewayId, SessionRegistry registry,
                  StateClient state, GatewayMetrics metrics, FanoutBrake brake, int replayWindow, Duration taskTimeout,
                  LongConsumer tokensRevoked) {
        this.replays = new ReplayFilter(replayWindow);
        this.metrics = metrics;
        this.guildEvents = Topics.GUILD_EVENTS.withPrefix(topicPrefix);
        this.userEvents = Topics.USER_EVENTS.withPrefix(topicPrefix);
        this.presenceUpdates = Topics.PRESENCE_UPDATES.withPrefix(topicPrefix);
        this.registry = registry;
        this.consumer = new FanoutConsumer(kafka, gatewayId + "-fanout", brake, metrics::fanoutLag, taskTimeout);
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
                state, consumer, tokensRevoked);
        consumer.start(this::route);
    }

    /**
     * Starts delivering the user's own events ({@code user-events}) to {@code session}, from now on: call it before
     * reading the user's guilds, so that a join after the read is not missed. Completes once assigned.
     */
    public CompletableFuture<Void> watchUser(GatewaySession session) {
        return consumer.submit(() -> {
            if (!session.isEnded() && watched.add(session)) consumer.book().acquire(userPartition(session.user().id()), -1);
        });
    }

    /**
     * Starts delivering {@code guildIds}' events to {@code session}, reading their partitions from now on.
     * Completes once the partitions are assigned.
     */
    public CompletableFuture<Void> attach(GatewaySession session, Collection<Long> guildIds) {
        return consumer.submit(() -> {
            if (session.isEnded()) return;
            for (long guildId : guildIds) subscribe(session, guildId);
        });
    }

    /**
     * On the consumer thread, so no event of theirs slips between: stops delivering {@code notMember} guilds to
     * {@code session}, then runs {@code start} (which sends READY and what was held).
     */
    public CompletableFuture<Void> start(GatewaySession session, Set<Long> notMember, Runnable start) {
        return consumer.submit(() -> {
            for (long guildId : notMember) {
                if (subscriptions.unsubscribe(session, guildId)) releaseGuild(guildId);
            }
            start.run();
        });
    }

    /** Stops all delivery to {@code session} (it ended). */
    public void detach(GatewaySession session) {
        consumer.execute(() -> {
            for (long guildId : subscriptions.remove(session)) releaseGuild(guildId);
            if (watched.remove(session)) consumer.book().release(userPartition(session.user().id()));
            if (registry.sessionsOf(session.user().id()).isEmpty()) userRouter.forgetUser(session.user().id());
        });
    }

    /** Whether reading is paused because the I/O threads have too much to write (see {@link FanoutBrake}). */
    public boolean paused() {
        return consumer.paused();
    }

    /** Whether the consumer thread is alive (for health checks). */
    public boolean alive() {
        return consumer.alive();
    }

    /** The guilds {@code session} receives events of. */
    public Set<Long> guildsOf(GatewaySession session) {
        return subscriptions.guildsOf(session);
    }

    private boolean subscribe(GatewaySession session, long guildId) {
        if (session.isEnded() || !subscriptions.subscribe(session, guildId)) return false;
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
            if (event == null) return;
            metrics.eventIn(guildEvents.name(), event.dispatchType());
            if (replays.isReplay(record.partition(), event, record.value())) metrics.replayDropped(event.dispatchType());
            else guildRouter.route(event, record.timestamp());
        } else if (record.topic().equals(presenceUpdates.name())) {
            PresenceUpdate update = presenceUpdates.valueSerde().deserializer().deserialize(record.topic(), record.value());
            if (update != null) {
                metrics.eventIn(presenceUpdates.name(), update.dispatchType());
                guildRouter.route(update, record.timestamp());
            }
        } else if (record.topic().equals(userEvents.name())) {
            UserEvent event = userEvents.valueSerde().deserializer().deserialize(record.topic(), record.value());
            if (event != null) {
                metrics.eventIn(userEvents.name(), event.getClass().getSimpleName());
                userRouter.route(event);
            }
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
