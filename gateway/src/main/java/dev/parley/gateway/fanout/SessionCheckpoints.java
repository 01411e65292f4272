package dev.parley.gateway.fanout;

import dev.parley.schemas.session.SessionCheckpoint;
import org.apache.kafka.common.TopicPartition;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.function.LongSupplier;

/**
 * Writes each local session's {@link SessionCheckpoint} to {@code session-checkpoints}: at once (at the next turn of
 * the consumer loop) when its guilds change, and otherwise at most once per {@code interval}, only when it has been
 * handed dispatches since its last one; a tombstone when it ends. Nothing is written before READY (a session that
 * never sent READY cannot be resumed). The resume point is taken on the consumer thread between two polls, when every
 * record before the positions has been routed and none after, so the session's sequence number then and those
 * positions agree. Writes are not waited for: a lost one leaves the previous checkpoint, older but consistent.
 * Consumer thread only.
 */
final class SessionCheckpoints {
    /** Where checkpoints go ({@code session-checkpoints}); must not block. */
    interface Sink {
        /** Writes {@code checkpoint} of a session of {@code userId}, or a tombstone for it when null. */
        void write(long userId, String sessionId, SessionCheckpoint checkpoint);
    }

    /** No checkpoint written yet. */
    private static final long NONE = -1;

    private final Sink sink;
    private final FanoutTopics topics;
    private final String gatewayId;
    private final long intervalNanos;
    private final LongSupplier nanoClock;
    private final LongSupplier wallClock;
    /** The sequence number of each session's last checkpoint written, or {@link #NONE}. */
    private final Map<FanoutSession, Long> written = new HashMap<>();
    private final Set<FanoutSession> urgent = new LinkedHashSet<>();
    private long sweptAtNanos;

    /** @param interval {@code gateway.session-checkpoint.interval}: the longest a changed session goes unwritten */
    /**
     * @param nanoClock a monotonic clock in ns (the interval)
     * @param wallClock ms since the epoch (a checkpoint's {@code at})
     */
    SessionCheckpoints(Sink sink, FanoutTopics topics, String gatewayId, Duration interval, LongSupplier nanoClock,
                       LongSupplier wallClock) {
        if (interval.isNegative() || interval.isZero()) {
            throw new IllegalArgumentException("gateway.session-checkpoint.interval must be positive: " + interval);
        }
        this.sink = sink;
        this.topics = topics;
        this.gatewayId = gatewayId;
        this.intervalNanos = interval.toNanos();
        this.nanoClock = nanoClock;
        this.wallClock = wallClock;
        this.sweptAtNanos = nanoClock.getAsLong();
    }

    /** {@code session} is new here, or its guilds changed: it is written at the next {@link #write}. */
    void changed(FanoutSession session) {
        if (session.isEnded()) return;
        written.putIfAbsent(session, NONE);
        urgent.add(session);
    }

    /** {@code session} ended: its checkpoint, if any was written, is replaced by a tombstone. */
    void ended(FanoutSession session) {
        urgent.remove(session);
        Long last = written.remove(session);
        if (last != null && last != NONE) sink.write(session.userId(), session.id(), null);
    }

    /**
     * Between two polls: writes the checkpoints that are due, their positions read from {@code assignment} and their
     * guilds from {@code guildsOf}.
     */
    void write(PartitionBook.Assignment assignment, Function<FanoutSession, Set<Long>> guildsOf) {
        long now = nanoClock.getAsLong();
        boolean sweep = now - sweptAtNanos >= intervalNanos;
        if (urgent.isEmpty() && !sweep) return;
        List<FanoutSession> due = new ArrayList<>(urgent);
        urgent.clear();
        if (sweep) {
            sweptAtNanos = now;
            for (Map.Entry<FanoutSession, Long> entry : written.entrySet()) {
                if (entry.getKey().sequence() != entry.getValue()) due.add(entry.getKey());
            }
        }
        for (FanoutSession session : due) {
            if (!written.containsKey(session)) continue; // ended meanwhile
            long sequence = session.sequence();
            if (sequence <= 0) { // READY not sent yet: try again at the next turn
                urgent.add(session);
                continue;
            }
            sink.write(session.userId(), session.id(), checkpoint(session, sequence, assignment, guildsOf.apply(session)));
            written.put(session, sequence);
        }
    }

    private SessionCheckpoint checkpoint(FanoutSession session, long sequence, PartitionBook.Assignment assignment,
                                         Set<Long> guilds) {
        List<Long> guildIds = guilds.stream().sorted().toList();
        Set<TopicPartition> partitions = new LinkedHashSet<>();
        partitions.add(topics.userPartition(session.userId()));
        for (long guildId : guildIds) {
            partitions.add(topics.guildPartition(guildId));
            partitions.add(topics.presencePartition(guildId));
        }
        List<SessionCheckpoint.Position> positions = new ArrayList<>(partitions.size());
        for (TopicPartition partition : partitions) {
            positions.add(new SessionCheckpoint.Position(partition.topic(), partition.partition(),
                    assignment.position(partition)));
        }
        return new SessionCheckpoint(session.id(), session.userId(), gatewayId, session.intents(), session.shard().id(),
                session.shard().count(), session.largeThreshold(), session.properties(), session.tokenGeneration(),
                guildIds, sequence, positions, wallClock.getAsLong());
    }
}
