package dev.parley.gateway.fanout;

import dev.parley.gateway.metrics.GatewayMetrics;
import dev.parley.gateway.state.Lookup;
import dev.parley.gateway.state.StateClient;
import dev.parley.gateway.state.TopicProducer;
import dev.parley.schemas.KafkaClients;
import dev.parley.schemas.Partitioning;
import dev.parley.schemas.Topic;
import dev.parley.schemas.Topics;
import dev.parley.schemas.guild.GuildEvent;
import dev.parley.schemas.presence.PresenceUpdate;
import dev.parley.schemas.query.GuildSnapshot;
import dev.parley.schemas.session.SessionCheckpoint;
import dev.parley.schemas.user.UserEvent;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.Collection;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * Delivers the guild-keyed ({@code guild-events}, {@code presence-updates}) and user-keyed ({@code user-events})
 * output topics to this gateway's sessions: a {@link FanoutConsumer} reads exactly the partitions that hold its
 * sessions' guilds and users, and its thread feeds what it reads, and what sessions ask, to the routing state
 * ({@link FanoutRoutes}), which decides who gets what; between polls it writes the sessions' checkpoints
 * ({@link SessionCheckpoints}). Thread-safe.
 */
public final class Fanout implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Fanout.class);

    /** Told of each revocation of a user's tokens read (whoever's, in the partitions read), on the consumer thread. */
    public interface Revocations {
        void revoked(long userId, long generation);
    }

    private final Topic<Long, GuildEvent> guildEvents;
    private final Topic<Long, UserEvent> userEvents;
    private final Topic<Long, PresenceUpdate> presenceUpdates;
    private final FanoutConsumer consumer;
    private final FanoutRoutes routes;
    private final StateClient state;
    private final GatewayMetrics metrics;
    /** Consumer thread only. */
    private final SessionCheckpoints checkpoints;

    /**
     * @param replayWindow guild events remembered per partition to drop replays ({@link ReplayFilter})
     * @param taskTimeout  how long a session's start waits for the consumer thread ({@code gateway.fanout.task-timeout});
     *                     then {@link #watchUser}, {@link #attach} and {@link #start} fail with {@link FanoutStalledException}
     * @param checkpointInterval how long a session may go with its checkpoint behind ({@code gateway.session-checkpoint.interval})
     */
    public Fanout(KafkaClients kafka, String topicPrefix, String gatewayId, StateClient state, GatewayMetrics metrics,
                  FanoutBrake brake, int replayWindow, Duration taskTimeout, TopicProducer producer,
                  Duration checkpointInterval, Revocations revocations) {
        this.state = state;
        this.metrics = metrics;
        this.guildEvents = Topics.GUILD_EVENTS.withPrefix(topicPrefix);
        this.userEvents = Topics.USER_EVENTS.withPrefix(topicPrefix);
        this.presenceUpdates = Topics.PRESENCE_UPDATES.withPrefix(topicPrefix);
        this.consumer = new FanoutConsumer(kafka, gatewayId + "-fanout", brake, metrics::fanoutLag, taskTimeout);
        FanoutTopics topics = FanoutTopics.withPrefix(topicPrefix);
        this.checkpoints = new SessionCheckpoints((userId, sessionId, checkpoint) ->
                writeCheckpoint(producer, userId, sessionId, checkpoint),
                topics, gatewayId, checkpointInterval, System::nanoTime, System::currentTimeMillis);
        FanoutRoutes.Effects effects = new FanoutRoutes.Effects() {
            @Override
            public void fetchSnapshot(FanoutSession session, long guildId, long leaveEpoch) {
                announce(session, guildId, leaveEpoch);
            }

            @Override
            public void tokensRevoked(long userId, long generation) {
                revocations.revoked(userId, generation);
            }

            @Override
            public void sessionChanged(FanoutSession session) {
                checkpoints.changed(session);
            }

            @Override
            public void sessionEnded(FanoutSession session) {
                checkpoints.ended(session);
            }
        };
        this.routes = new FanoutRoutes(topics, consumer.assignment(), effects, metrics, replayWindow);
        consumer.start(this::route, () -> checkpoints.write(consumer.assignment(), routes::guildsOf));
    }

    /**
     * Starts delivering the user's own events ({@code user-events}) to {@code session}, from now on: call it before
     * reading the user's guilds, so that a join after the read is not missed. Completes once assigned.
     */
    public CompletableFuture<Void> watchUser(FanoutSession session) {
        return consumer.submit(() -> routes.watch(session));
    }

    /**
     * Starts delivering {@code guildIds}' events to {@code session}, reading their partitions from now on.
     * Completes once the partitions are assigned.
     */
    public CompletableFuture<Void> attach(FanoutSession session, Collection<Long> guildIds) {
        return consumer.submit(() -> routes.attach(session, guildIds));
    }

    /**
     * On the consumer thread, so no event of theirs slips between: stops delivering {@code notMember} guilds to
     * {@code session}, then runs {@code start} (which sends READY and what was held).
     */
    public CompletableFuture<Void> start(FanoutSession session, Set<Long> notMember, Runnable start) {
        return consumer.submit(() -> {
            routes.start(session, notMember);
            start.run();
        });
    }

    /** Stops all delivery to {@code session} (it ended). */
    public void detach(FanoutSession session) {
        consumer.execute(() -> routes.end(session));
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
    public Set<Long> guildsOf(FanoutSession session) {
        return routes.guildsOf(session);
    }

    /** A join read after its guild's events were: fetch the guild, then let the routing state announce it. */
    private void announce(FanoutSession session, long guildId, long leaveEpoch) {
        state.snapshot(guildId, session.userId(), session.largeThreshold()).whenComplete((lookup, error) -> {
            if (error != null) {
                log.warn("cannot announce guild {} to session {}: {}", guildId, session.id(), error.getMessage());
            } else if (lookup instanceof Lookup.Found<GuildSnapshot> found) {
                consumer.execute(() -> routes.snapshotArrived(session, guildId, leaveEpoch, found.value()));
            }
        });
    }

    /**
     * Sends a checkpoint (or a tombstone, when null) to the user's partition, without waiting; a failed one leaves the
     * previous in place.
     */
    private void writeCheckpoint(TopicProducer producer, long userId, String sessionId, SessionCheckpoint checkpoint) {
        producer.send(Topics.SESSION_CHECKPOINTS, Partitioning.userPartition(userId), sessionId, checkpoint)
                .whenComplete((metadata, error) -> {
                    if (error != null) {
                        log.warn("checkpoint of session {} not written: {}", sessionId, error.getMessage());
                    } else {
                        metrics.checkpointWritten(checkpoint == null,
                                Math.max(0, metadata.serializedKeySize()) + Math.max(0, metadata.serializedValueSize()));
                    }
                });
    }

    private void route(ConsumerRecord<byte[], byte[]> record) {
        if (record.topic().equals(guildEvents.name())) {
            GuildEvent event = guildEvents.valueSerde().deserializer().deserialize(record.topic(), record.value());
            if (event == null) return;
            metrics.eventIn(guildEvents.name(), event.dispatchType());
            routes.guildEvent(record.partition(), event, record.value(), record.timestamp());
        } else if (record.topic().equals(presenceUpdates.name())) {
            PresenceUpdate update = presenceUpdates.valueSerde().deserializer().deserialize(record.topic(), record.value());
            if (update == null) return;
            metrics.eventIn(presenceUpdates.name(), update.dispatchType());
            routes.presence(update, record.timestamp());
        } else if (record.topic().equals(userEvents.name())) {
            UserEvent event = userEvents.valueSerde().deserializer().deserialize(record.topic(), record.value());
            if (event == null) return;
            metrics.eventIn(userEvents.name(), event.getClass().getSimpleName());
            routes.userEvent(event);
        }
    }

    @Override
    public void close() {
        consumer.close();
    }
}
