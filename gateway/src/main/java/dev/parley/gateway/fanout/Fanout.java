package dev.parley.gateway.fanout;

import dev.parley.gateway.metrics.GatewayMetrics;
import dev.parley.gateway.protocol.Dispatch;
import dev.parley.gateway.state.Lookup;
import dev.parley.gateway.state.StateClient;
import dev.parley.gateway.state.TopicProducer;
import dev.parley.schemas.KafkaClients;
import dev.parley.schemas.Partitioning;
import dev.parley.schemas.Topics;
import dev.parley.schemas.query.GuildSnapshot;
import dev.parley.schemas.session.FanoutJournalEntry;
import dev.parley.schemas.session.SessionCheckpoint;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;

/**
 * Delivers the guild-keyed ({@code guild-events}, {@code presence-updates}) and user-keyed ({@code user-events})
 * output topics to this gateway's sessions: a {@link FanoutConsumer} reads exactly the partitions that hold its
 * sessions' guilds and users, and its thread feeds what it reads, and what sessions ask, to the routing state
 * ({@link FanoutRoutes}), which decides who gets what; between polls it writes the sessions' checkpoints
 * ({@link SessionCheckpoints}). Thread-safe.
 */
public final class Fanout implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Fanout.class);
    /** Rebuilds of sessions from other gateways that read the log at once. */
    private static final int REBUILD_THREADS = 2;
    /** Times the hand-over of a rebuilt session catches up with the live consumer before it gives up. */
    private static final int HANDOVER_ROUNDS = 3;

    /** Told of each revocation of a user's tokens read (whoever's, in the partitions read), on the consumer thread. */
    public interface Revocations {
        void revoked(long userId, long generation);
    }

    private final FanoutRecords records;
    private final FanoutConsumer consumer;
    private final FanoutRoutes routes;
    private final StateClient state;
    private final GatewayMetrics metrics;
    private final KafkaClients kafka;
    private final TopicProducer producer;
    private final String topicPrefix;
    private final String gatewayId;
    private final int replayWindow;
    private final int rebuildMaxDispatches;
    /** This gateway's partition of {@code fanout-journal}, computed once (an entry is sent per poll). */
    private final int journalPartition;
    /** Where rebuilds read the log, off the consumer thread. */
    private final ExecutorService rebuilds;
    /** Consumer thread only. */
    private final SessionCheckpoints checkpoints;

    /**
     * @param run          this run of the gateway ({@code startedAt} of its heartbeats): its journal's polls are numbered in it
     * @param replayWindow guild events remembered per partition to drop replays ({@link ReplayFilter})
     * @param taskTimeout  how long a session's start waits for the consumer thread ({@code gateway.fanout.task-timeout});
     *                     then {@link #watchUser}, {@link #attach} and {@link #start} fail with {@link FanoutStalledException}
     * @param checkpointInterval how long a session may go with its checkpoint behind ({@code gateway.session-checkpoint.interval})
     * @param checkpointRefresh  how long an unchanged session goes before its checkpoint is rewritten anyway
     *                           ({@code gateway.session-checkpoint.refresh})
     * @param rebuildMaxDispatches the most dispatches a session adopted from another gateway may have missed
     *                           ({@code gateway.resume-rebuild.max-dispatches})
     */
    public Fanout(KafkaClients kafka, String topicPrefix, String gatewayId, long run, StateClient state, GatewayMetrics metrics,
                  FanoutBrake brake, int replayWindow, Duration taskTimeout, TopicProducer producer,
                  Duration checkpointInterval, Duration checkpointRefresh, int rebuildMaxDispatches,
                  Revocations revocations) {
        this.state = state;
        this.metrics = metrics;
        this.kafka = kafka;
        this.producer = producer;
        this.topicPrefix = topicPrefix;
        this.gatewayId = gatewayId;
        this.replayWindow = replayWindow;
        this.rebuildMaxDispatches = rebuildMaxDispatches;
        this.journalPartition = Partitioning.gatewayPartition(gatewayId);
        this.rebuilds = Executors.newFixedThreadPool(REBUILD_THREADS, r -> {
            Thread thread = new Thread(r, gatewayId + "-rebuild");
            thread.setDaemon(true);
            return thread;
        });
        this.records = new FanoutRecords(topicPrefix);
        this.consumer = new FanoutConsumer(kafka, gatewayId + "-fanout", brake, metrics::fanoutLag, taskTimeout);
        FanoutTopics topics = FanoutTopics.withPrefix(topicPrefix);
        FanoutJournal journal = new FanoutJournal(gatewayId, run, this::writeJournal);
        this.checkpoints = new SessionCheckpoints(this::writeCheckpoint,
                topics, gatewayId, journal, checkpointInterval, checkpointRefresh, System::nanoTime, System::currentTimeMillis);
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

            @Override
            public void shed(FanoutSession session) {
                journal.shed(session);
            }
        };
        this.routes = new FanoutRoutes(topics, consumer.assignment(), effects, metrics, replayWindow);
        consumer.start(journal::routed, record -> records.route(record, routes, metrics::eventIn),
                () -> checkpoints.write(consumer.assignment(), routes::guildsOf));
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

    /** How an {@link #adopt} went. */
    public enum Adoption {
        /** The session receives live events, after what it missed. */
        ADOPTED,
        /** What the client missed cannot be told exactly (see {@link SessionRebuild}): nothing was adopted. */
        NOT_EXACT,
        /** The session's token was revoked after its checkpoint: it ended. */
        REVOKED,
        /** The client missed more than {@code gateway.resume-rebuild.max-dispatches}: nothing was adopted. */
        TOO_FAR_BEHIND,
        /** The rebuild could not meet the live fan-out where it stood (it moved too far meanwhile): try again. */
        MISSED_HANDOVER
    }

    /** Told, on the consumer thread and before any live dispatch, what an adopted session missed. */
    public interface Adopter {
        /**
         * @param missed       the dispatches after the client's {@code seq}, in order (the first is {@code seq + 1})
         * @param lastSequence the sequence number of the last of them ({@code seq} when none)
         */
        void resume(List<Dispatch> missed, long lastSequence);
    }

    /**
     * Takes over a session another gateway held, from its {@code checkpoint}: rebuilds what it was handed after the
     * resume point ({@link SessionRebuild}) from the log, on a thread of its own, up to where this gateway's fan-out
     * stands; then, on the consumer thread, catches up with the live consumer, tells {@code adopter} what the client
     * (which last saw {@code seq}) missed, and starts delivering to {@code session}, so that nothing is lost or sent
     * twice at the hand-over. Fails when the log no longer holds what it needs (retention) or cannot be read.
     */
    public CompletableFuture<Adoption> adopt(FanoutSession session, SessionCheckpoint checkpoint, long seq,
                                             Adopter adopter) {
        Set<TopicPartition> resumed = new HashSet<>();
        for (SessionCheckpoint.Position p : checkpoint.positions()) resumed.add(new TopicPartition(p.topic(), p.partition()));
        return consumer.call(() -> consumer.positionsOf(resumed))
                .thenApplyAsync(live -> {
                    KafkaRecordSource source = new KafkaRecordSource(kafka, topicPrefix,
                            gatewayId + "-rebuild-" + checkpoint.sessionId());
                    try {
                        SessionRebuild rebuild = new SessionRebuild(checkpoint, seq, topicPrefix, source, metrics, replayWindow,
                                rebuildMaxDispatches);
                        rebuild.readUntil(tp -> live.containsKey(tp) ? live.get(tp) : source.endOffset(tp));
                        return new Rebuilding(rebuild, source);
                    } catch (RuntimeException e) {
                        source.close();
                        throw e;
                    }
                }, rebuilds)
                .thenCompose(rebuilding -> {
                    CompletableFuture<Adoption> handedOver = consumer.call(() -> handOver(rebuilding.rebuild(),
                            rebuilding.source(), session, seq, adopter));
                    handedOver.whenComplete((adoption, error) -> closeLater(rebuilding.source()));
                    return handedOver; // the client's RESUME is answered without waiting for the close
                });
    }

    /** Closes a rebuild's record source on a rebuild thread: never on the consumer thread, never in a RESUME's way. */
    private void closeLater(KafkaRecordSource source) {
        try {
            rebuilds.execute(source::close);
        } catch (RejectedExecutionException e) { // closing
            source.close();
        }
    }

    private record Rebuilding(SessionRebuild rebuild, KafkaRecordSource source) {
    }

    /** Consumer thread: the rebuild catches up with the live positions, then the live routing takes the session. */
    private Adoption handOver(SessionRebuild rebuild, KafkaRecordSource source, FanoutSession session, long seq,
                              Adopter adopter) {
        for (int round = 0; round < HANDOVER_ROUNDS; round++) {
            Map<TopicPartition, Long> stopAt = new HashMap<>(rebuild.positions());
            stopAt.putAll(consumer.positionsOf(stopAt.keySet()));
            rebuild.readUntil(tp -> stopAt.containsKey(tp) ? stopAt.get(tp) : source.endOffset(tp));
            Map<TopicPartition, Long> at = rebuild.positions();
            if (!consumer.positionsOf(at.keySet()).entrySet().stream().allMatch(e -> e.getValue().equals(at.get(e.getKey())))) {
                continue; // a partition the session came to need is read here, and was not met: once more
            }
            SessionRebuild.Result result = rebuild.result();
            if (result.revoked()) return Adoption.REVOKED;
            if (result.overflowed()) return Adoption.TOO_FAR_BEHIND;
            List<Dispatch> missed = result.after(seq);
            if (missed == null) return Adoption.NOT_EXACT;
            routes.adopt(session, rebuild.guilds(), rebuild.pendingJoins(), at);
            adopter.resume(missed, result.lastSequence());
            return Adoption.ADOPTED;
        }
        return Adoption.MISSED_HANDOVER;
    }

    /** Removes the checkpoint of a session that can no longer be resumed anywhere (a tombstone). */
    public void forgetCheckpoint(long userId, String sessionId) {
        writeCheckpoint(userId, sessionId, null);
    }

    /**
     * The gateway is stopping: on the consumer thread, every session's checkpoint is written as it stands and its
     * delivery stops, in one step (nothing more is dispatched after its final checkpoint), and sessions keep their
     * checkpoints from now on. Completes once those writes are acknowledged.
     */
    public CompletableFuture<Void> handOff() {
        return consumer.call(() -> {
            checkpoints.keepAll();
            List<CompletableFuture<?>> writes = checkpoints.writeAll(consumer.assignment(), routes::guildsOf);
            routes.endAll();
            return writes;
        }).thenCompose(writes -> CompletableFuture.allOf(writes.toArray(CompletableFuture[]::new)));
    }

    /**
     * The gateway is stopping or being killed: from now on sessions that end here keep their checkpoints (no
     * tombstone), so that their clients can resume them on another gateway.
     */
    public void keepCheckpoints() {
        consumer.execute(checkpoints::keepAll);
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
    private CompletableFuture<?> writeCheckpoint(long userId, String sessionId, SessionCheckpoint checkpoint) {
        return producer.send(Topics.SESSION_CHECKPOINTS, Partitioning.userPartition(userId), sessionId, checkpoint)
                .whenComplete((metadata, error) -> {
                    if (error != null) {
                        log.warn("checkpoint of session {} not written: {}", sessionId, error.getMessage());
                    } else {
                        metrics.checkpointWritten(checkpoint == null,
                                Math.max(0, metadata.serializedKeySize()) + Math.max(0, metadata.serializedValueSize()));
                    }
                });
    }

    /** Sends a journal entry to this gateway's partition, without waiting; a failed one ends the journal there. */
    private void writeJournal(FanoutJournalEntry entry) {
        metrics.journalSent();
        producer.send(Topics.FANOUT_JOURNAL, journalPartition, gatewayId, entry)
                .whenComplete((metadata, error) -> {
                    if (error != null) {
                        metrics.journalFailed();
                    } else {
                        metrics.journalWritten(Math.max(0, metadata.serializedKeySize())
                                + Math.max(0, metadata.serializedValueSize()));
                    }
                });
    }

    @Override
    public void close() {
        rebuilds.shutdownNow();
        consumer.close();
    }
}
