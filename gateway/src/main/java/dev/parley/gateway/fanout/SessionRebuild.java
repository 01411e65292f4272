package dev.parley.gateway.fanout;

import dev.parley.gateway.metrics.GatewayMetrics;
import dev.parley.gateway.protocol.Dispatch;
import dev.parley.gateway.protocol.Shard;
import dev.parley.schemas.session.ClientProperties;
import dev.parley.schemas.session.SessionCheckpoint;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.ToLongFunction;

/**
 * Rebuilds what a session held by another gateway was handed after the resume point of its {@link SessionCheckpoint}:
 * a routing state of its own ({@link FanoutRoutes}) holding that one session, with its guilds, is fed the records of
 * its partitions from the checkpoint's positions, and what it hands the session is numbered from the checkpoint's
 * sequence number. Records of different partitions are fed in timestamp order; within a partition, in offset order.
 * Partitions the session comes to need (a join) are read from where the join says, or from the time it happened.
 *
 * <p>The routing state is a function of its inputs, so these are the dispatches the session was handed, in each
 * partition's order; how the first gateway interleaved partitions is not known. So the dispatches after a client's
 * {@code seq} are exact ({@link Result#after}) when the client saw nothing after the resume point, or when every
 * rebuilt dispatch came from one partition; otherwise, or when the first gateway must have handed the session
 * something no record gives (a guild announced from a snapshot), the rebuild cannot tell and says so.
 *
 * <p>{@link #readUntil} may be called again with later targets (to catch up with a live consumer). Not thread-safe:
 * one thread at a time.
 */
final class SessionRebuild {
    /** Reads records by position: a consumer of its own in production, partitions in memory in tests. */
    interface RecordSource {
        /**
         * Records of {@code partition} from offset {@code from} (inclusive), below {@code until}, in order: at least
         * one when there is one; empty only when there is none (control records only). Fails rather than return early.
         */
        List<ConsumerRecord<byte[], byte[]>> read(TopicPartition partition, long from, long until);

        /** The offset after the last record of {@code partition} now. */
        long endOffset(TopicPartition partition);

        /** The offset of the first record at or after {@code timestampMillis}; the end offset when none. */
        long offsetAt(TopicPartition partition, long timestampMillis);
    }

    /** What the rebuild found: the session's dispatches after the resume point, and whether they can be trusted. */
    record Result(long resumePoint, List<Dispatch> dispatches, int sources, boolean opaque, boolean revoked,
                  boolean keptBack) {
        /**
         * The dispatches a client that last saw {@code seq} missed, in order, numbered from {@code seq + 1}; null when
         * they cannot be told exactly: {@code seq} before the resume point or past what was rebuilt, the session's
         * token revoked; or, for a client that saw beyond the resume point, how the first gateway numbered what it
         * saw is not certain: partitions interleaved, dispatches held back at the resume point, or one among those it
         * saw that a congested session may have shed (dropped or held back: it took no number then).
         */
        List<Dispatch> after(long seq) {
            long last = resumePoint + dispatches.size();
            if (revoked || opaque || seq < resumePoint || seq > last) return null;
            if (seq > resumePoint) {
                if (sources > 1 || keptBack) return null;
                for (Dispatch seen : dispatches.subList(0, (int) (seq - resumePoint))) {
                    if (seen.shedding() != Dispatch.Shedding.NEVER) return null;
                }
            }
            return dispatches.subList((int) (seq - resumePoint), dispatches.size());
        }

        long lastSequence() {
            return resumePoint + dispatches.size();
        }
    }

    /**
     * Guild events before the resume point shown to the routing state so that it drops replays of them, as the first
     * gateway did (a streams failover re-emits at most what followed its last commit, a fraction of a second).
     */
    static final int REMEMBERED_BEFORE = 512;

    private static final Comparator<ConsumerRecord<byte[], byte[]>> FEED_ORDER =
            Comparator.<ConsumerRecord<byte[], byte[]>>comparingLong(ConsumerRecord::timestamp)
                    .thenComparing(ConsumerRecord::topic).thenComparingInt(ConsumerRecord::partition)
                    .thenComparingLong(ConsumerRecord::offset);

    private final SessionCheckpoint checkpoint;
    private final RecordSource source;
    private final FanoutRecords records;
    private final FanoutTopics topics;
    private final Map<TopicPartition, Long> resumePositions = new HashMap<>();
    /** Next offset to feed, per partition the session needs now. */
    private final Map<TopicPartition, Long> next = new LinkedHashMap<>();
    private final Map<TopicPartition, ArrayDeque<ConsumerRecord<byte[], byte[]>>> buffered = new HashMap<>();
    private final RebuiltSession session;
    private final FanoutRoutes routes;
    private final List<Dispatch> dispatches = new ArrayList<>();
    private final Set<TopicPartition> sources = new HashSet<>();
    private TopicPartition feeding;
    private long feedingTimestamp;
    private boolean opaque;
    private boolean revoked;
    /** Where to stop per partition; partitions without one stop at their end offset when first needed. */
    private ToLongFunction<TopicPartition> until;
    private final Map<TopicPartition, Long> untilResolved = new HashMap<>();

    /**
     * @param replayWindow as the live fan-out's ({@code gateway.fanout.replay-window}), so replays are dropped alike
     */
    SessionRebuild(SessionCheckpoint checkpoint, String topicPrefix, RecordSource source, GatewayMetrics metrics,
                   int replayWindow) {
        this.checkpoint = checkpoint;
        this.source = source;
        this.records = new FanoutRecords(topicPrefix);
        this.topics = FanoutTopics.withPrefix(topicPrefix);
        for (SessionCheckpoint.Position p : checkpoint.positions()) {
            resumePositions.put(new TopicPartition(p.topic(), p.partition()), p.offset());
        }
        this.feedingTimestamp = checkpoint.at();
        this.session = new RebuiltSession(checkpoint);
        this.routes = new FanoutRoutes(topics, new Positions(), new Effects(), metrics, replayWindow);
        this.until = source::endOffset;
        rememberBefore(Math.min(replayWindow, REMEMBERED_BEFORE));
        routes.watch(session);
        routes.attach(session, checkpoint.guildIds());
    }

    /**
     * Feeds every record the session needs below {@code targets} (per partition; partitions it has none for: their
     * end offset when first needed), in feed order.
     */
    Result readUntil(ToLongFunction<TopicPartition> targets) {
        this.until = targets;
        untilResolved.clear();
        while (true) {
            ConsumerRecord<byte[], byte[]> first = null;
            TopicPartition from = null;
            for (TopicPartition partition : List.copyOf(next.keySet())) {
                ConsumerRecord<byte[], byte[]> head = head(partition);
                if (head != null && (first == null || FEED_ORDER.compare(head, first) < 0)) {
                    first = head;
                    from = partition;
                }
            }
            if (first == null) break;
            buffered.get(from).poll();
            feed(from, first);
        }
        return result();
    }

    /** The partitions the session needs now and the offset each is fed up to (exclusive). */
    Map<TopicPartition, Long> positions() {
        return Map.copyOf(next);
    }

    /** The joins of the rebuilt session's user held open (guild id → partition). */
    Map<Long, TopicPartition> pendingJoins() {
        return routes.pendingJoinsOf(checkpoint.userId());
    }

    /** The guilds the rebuilt session receives now. */
    Set<Long> guilds() {
        return Set.copyOf(routes.guildsOf(session));
    }

    Result result() {
        return new Result(checkpoint.sequence(), List.copyOf(dispatches), sources.size(), opaque, revoked,
                checkpoint.keptBack());
    }

    /** The last {@code count} records of each guild-events partition before its resume position, remembered only. */
    private void rememberBefore(int count) {
        resumePositions.forEach((partition, position) -> {
            if (!partition.topic().equals(topics.guildEvents())) return;
            long from = Math.max(0, position - count);
            while (from < position) {
                List<ConsumerRecord<byte[], byte[]>> batch = source.read(partition, from, position);
                if (batch.isEmpty()) break;
                for (ConsumerRecord<byte[], byte[]> record : batch) {
                    if (record.offset() < position && records.isGuildEvent(record)) records.remember(record, routes);
                    from = Math.max(from, record.offset() + 1);
                }
            }
        });
    }

    private void feed(TopicPartition partition, ConsumerRecord<byte[], byte[]> record) {
        next.computeIfPresent(partition, (p, offset) -> record.offset() + 1);
        feeding = partition;
        feedingTimestamp = Math.max(feedingTimestamp, record.timestamp());
        records.route(record, routes, (topic, type) -> { });
        feeding = null;
    }

    private ConsumerRecord<byte[], byte[]> head(TopicPartition partition) {
        ArrayDeque<ConsumerRecord<byte[], byte[]>> queue = buffered.computeIfAbsent(partition, p -> new ArrayDeque<>());
        if (queue.isEmpty()) {
            long from = next.get(partition);
            long stop = untilResolved.computeIfAbsent(partition, until::applyAsLong);
            if (from >= stop) return null;
            for (ConsumerRecord<byte[], byte[]> record : source.read(partition, from, stop)) {
                if (record.offset() >= from && record.offset() < stop) queue.add(record);
            }
            if (queue.isEmpty()) { // only control records (transaction markers) left below the target
                next.put(partition, stop);
                return null;
            }
        }
        return queue.peek();
    }

    /** The rebuild's partitions: started where the checkpoint, a join or the time says; fed by {@link #readUntil}. */
    private final class Positions implements PartitionBook.Assignment {
        @Override
        public void assign(TopicPartition partition, long offset) {
            long from = offset >= 0 ? offset : resumePositions.containsKey(partition) ? resumePositions.get(partition)
                    : source.offsetAt(partition, feedingTimestamp);
            next.put(partition, from);
            buffered.remove(partition);
        }

        @Override
        public void unassign(TopicPartition partition) {
            next.remove(partition);
            buffered.remove(partition);
        }

        @Override
        public long position(TopicPartition partition) {
            return next.getOrDefault(partition, 0L);
        }
    }

    /** What the rebuild cannot do itself marks it; nothing leaves it. */
    private final class Effects implements FanoutRoutes.Effects {
        @Override
        public void fetchSnapshot(FanoutSession s, long guildId, long leaveEpoch) {
            opaque = true; // the first gateway announced the guild from a snapshot, at a place no record marks
        }

        @Override
        public void tokensRevoked(long userId, long generation) {
            if (userId == checkpoint.userId() && checkpoint.tokenGeneration() < generation) revoked = true;
        }

        @Override
        public void sessionChanged(FanoutSession s) {
        }

        @Override
        public void sessionEnded(FanoutSession s) {
        }
    }

    /** The session as the checkpoint describes it, keeping what it is handed and where each came from. */
    private final class RebuiltSession implements FanoutSession {
        private final SessionCheckpoint checkpoint;
        private final Shard shard;

        RebuiltSession(SessionCheckpoint checkpoint) {
            this.checkpoint = checkpoint;
            this.shard = new Shard(checkpoint.shardId(), checkpoint.shardCount());
        }

        @Override
        public String id() {
            return checkpoint.sessionId();
        }

        @Override
        public long userId() {
            return checkpoint.userId();
        }

        @Override
        public long intents() {
            return checkpoint.intents();
        }

        @Override
        public Shard shard() {
            return shard;
        }

        @Override
        public int largeThreshold() {
            return checkpoint.largeThreshold();
        }

        @Override
        public ClientProperties properties() {
            return checkpoint.properties();
        }

        @Override
        public long tokenGeneration() {
            return checkpoint.tokenGeneration();
        }

        @Override
        public long sequence() {
            return checkpoint.sequence() + dispatches.size();
        }

        @Override
        public boolean keepsBack() {
            return false;
        }

        @Override
        public boolean isEnded() {
            return revoked;
        }

        @Override
        public long dispatch(long guildId, Dispatch dispatch) {
            if (revoked) return -1;
            if (feeding == null) opaque = true;
            else sources.add(feeding);
            dispatches.add(dispatch);
            return sequence();
        }

        @Override
        public void forgetDeferred(long guildId) {
        }
    }
}
