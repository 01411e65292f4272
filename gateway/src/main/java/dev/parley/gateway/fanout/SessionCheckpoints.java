package dev.parley.gateway.fanout;

import dev.parley.schemas.session.SessionCheckpoint;
import org.apache.kafka.common.TopicPartition;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import java.util.function.LongSupplier;

/**
 * Writes each local session's {@link SessionCheckpoint} to {@code session-checkpoints}: at once (at the next turn of
 * the consumer loop) when its guilds change, and otherwise at most once per {@code interval}, only when it has been
 * handed dispatches since its last one, or once per {@code refresh} even unchanged (so that the store keeping them can
 * forget those of gateways that died); a tombstone when it ends. Nothing is written before READY (a session that
 * never sent READY cannot be resumed). The resume point is taken on the consumer thread between two polls, when every
 * record before the positions has been routed and none after, so the session's sequence number then and those
 * positions agree. Writes are not waited for: a lost one leaves the previous checkpoint, older but consistent.
 * Consumer thread only.
 */
final class SessionCheckpoints {
    /** Where checkpoints go ({@code session-checkpoints}); must not block. */
    interface Sink {
        /**
         * Writes {@code checkpoint} of a session of {@code userId}, or a tombstone for it when null; completes when
         * acknowledged.
         */
        CompletableFuture<?> write(long userId, String sessionId, SessionCheckpoint checkpoint);
    }

    /** What was last written of a session: its sequence number ({@link #NONE} before the first) and when. */
    private record Written(long sequence, long atNanos) {
    }

    private static final Written NONE = new Written(-1, 0);

    private final Sink sink;
    private final FanoutTopics topics;
    private final String gatewayId;
    private final FanoutJournal journal;
    private final long intervalNanos;
    private final long refreshNanos;
    private final LongSupplier nanoClock;
    private final LongSupplier wallClock;
    private final Map<FanoutSession, Written> written = new LinkedHashMap<>();
    private final Set<FanoutSession> urgent = new LinkedHashSet<>();
    private long sweptAtNanos;
    /** Once set, sessions that end keep their checkpoints: the gateway stops, its clients may resume elsewhere. */
    private boolean keeping;

    /**
     * @param journal   the fan-out's journal, whose last poll each checkpoint names
     * @param interval  {@code gateway.session-checkpoint.interval}: the longest a changed session goes unwritten
     * @param refresh   {@code gateway.session-checkpoint.refresh}: the longest any session goes unwritten
     * @param nanoClock a monotonic clock in ns (the interval)
     * @param wallClock ms since the epoch (a checkpoint's {@code at})
     */
    SessionCheckpoints(Sink sink, FanoutTopics topics, String gatewayId, FanoutJournal journal, Duration interval,
                       Duration refresh, LongSupplier nanoClock, LongSupplier wallClock) {
        if (interval.isNegative() || interval.isZero()) {
            throw new IllegalArgumentException("gateway.session-checkpoint.interval must be positive: " + interval);
        }
        this.sink = sink;
        this.topics = topics;
        this.gatewayId = gatewayId;
        this.journal = journal;
        if (refresh.compareTo(interval) < 0) {
            throw new IllegalArgumentException("gateway.session-checkpoint.refresh (" + refresh
                    + ") must be at least gateway.session-checkpoint.interval (" + interval + ")");
        }
        this.intervalNanos = interval.toNanos();
        this.refreshNanos = refresh.toNanos();
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
        Written last = written.remove(session);
        if (last != null && last != NONE && !keeping) sink.write(session.userId(), session.id(), null);
    }

    /** Writes every session's checkpoint now (READY sent), whatever is due; the writes' acknowledgements. */
    List<CompletableFuture<?>> writeAll(PartitionBook.Assignment assignment, Function<FanoutSession, Set<Long>> guildsOf) {
        long now = nanoClock.getAsLong();
        List<CompletableFuture<?>> writes = new ArrayList<>();
        for (FanoutSession session : List.copyOf(written.keySet())) {
            long sequence = session.sequence();
            if (sequence <= 0 || session.isEnded()) continue;
            writes.add(sink.write(session.userId(), session.id(), checkpoint(session, sequence, assignment,
                    guildsOf.apply(session))));
            written.put(session, new Written(sequence, now));
        }
        urgent.clear();
        return writes;
    }

    /** From now on, a session that ends keeps its checkpoint (the gateway stops; its sessions may resume elsewhere). */
    void keepAll() {
        keeping = true;
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
            for (Map.Entry<FanoutSession, Written> entry : written.entrySet()) {
                Written last = entry.getValue();
                if (last != NONE && (entry.getKey().sequence() != last.sequence() || now - last.atNanos() >= refreshNanos)) {
                    due.add(entry.getKey());
                }
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
            written.put(session, new Written(sequence, now));
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
                guildIds, sequence, session.keepsBack(), positions, wallClock.getAsLong(), journal.run(), journal.lastPoll());
    }
}
