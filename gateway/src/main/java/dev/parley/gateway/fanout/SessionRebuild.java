package dev.parley.gateway.fanout;

import dev.parley.gateway.metrics.GatewayMetrics;
import dev.parley.gateway.protocol.Dispatch;
import dev.parley.gateway.protocol.Shard;
import dev.parley.schemas.session.ClientProperties;
import dev.parley.schemas.session.FanoutJournalEntry;
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
 * sequence number. Partitions the session comes to need (a join) are read from where the join says, or from the time
 * it happened.
 *
 * <p>The routing state is a function of its inputs, so what matters is the order in which the partitions' records are
 * fed. While the client saw more than has been rebuilt, they are fed in the first gateway's own order, as its journal
 * ({@code fanout-journal}, {@link FanoutJournal}) tells it from the checkpoint's poll on; past what the journal holds,
 * or once the client's point is reached, in timestamp order (within a partition, always offset order). So the
 * dispatches after a client's {@code seq} are exact ({@link Result#after}) when the journal covered what it saw, the
 * client saw nothing after the resume point, or every rebuilt dispatch came from one partition; otherwise, or when the
 * first gateway must have handed the session something no record gives (a guild announced from a snapshot), the
 * rebuild cannot tell and says so.
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

        /**
         * The journal of {@code gatewayId} ({@code fanout-journal}): its entries of run {@code run}, in the order
         * written, from the first written at or after {@code fromMillis}; read as they are asked for.
         */
        Journal journal(String gatewayId, long run, long fromMillis);
    }

    /** A gateway's journal, read forwards. */
    interface Journal {
        /** The next entry; null at the end of what is there now. Fails rather than skip one it cannot read. */
        FanoutJournalEntry next();
    }

    /**
     * What the rebuild found: the session's dispatches after the resume point, and whether they can be trusted.
     *
     * @param ordered    how many of the first dispatches were rebuilt in the first gateway's journaled order, with no
     *                   dispatch shed among them
     * @param overflowed the session was handed more than the rebuild keeps: it stopped there
     */
    record Result(long resumePoint, List<Dispatch> dispatches, int sources, boolean opaque, boolean revoked,
                  boolean keptBack, int ordered, boolean overflowed) {
        /**
         * The dispatches a client that last saw {@code seq} missed, in order, numbered from {@code seq + 1}; null when
         * they cannot be told exactly: {@code seq} before the resume point or past what was rebuilt, the session's
         * token revoked; or, for a client that saw beyond the resume point, how the first gateway numbered what it
         * saw is not certain: dispatches held back at the resume point; or, beyond what the journal ordered,
         * partitions interleaved or one among those it saw that a congested session may have shed (dropped or held
         * back: it took no number then).
         */
        List<Dispatch> after(long seq) {
            long last = resumePoint + dispatches.size();
            if (revoked || opaque || overflowed || seq < resumePoint || seq > last) return null;
            if (seq > resumePoint) {
                if (keptBack) return null;
                if (seq - resumePoint <= ordered) return dispatches.subList((int) (seq - resumePoint), dispatches.size());
                if (sources > 1) return null;
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
    /**
     * How much earlier than the checkpoint's time its journal is read from: the entries after its poll were written
     * after it, by the same clock, which may have been stepped back meanwhile.
     */
    static final long JOURNAL_SLACK_MILLIS = 1000;
    /** A partition needed from where the journal shows the first gateway next read it. */
    private static final long FROM_JOURNAL = -1;

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
    private final int maxDispatches;
    /** More than {@link #maxDispatches} were handed: nothing more is fed. */
    private boolean overflowed;
    /** Where to stop per partition; partitions without one stop at their end offset when first needed. */
    private ToLongFunction<TopicPartition> until;
    private final Map<TopicPartition, Long> untilResolved = new HashMap<>();
    /** The first gateway's journal while it is followed; null once it is not (or never was). */
    private JournalOrder journal;
    /** How many dispatches the client saw after the resume point: the journal is followed until as many are rebuilt. */
    private final long seen;
    /** Where the journal shows the first gateway's consumer stood, per partition it read since the resume point. */
    private final Map<TopicPartition, Long> journaled = new HashMap<>();
    /** How many of the first dispatches are in the first gateway's order (set when the journal stops being followed). */
    private int ordered;

    /**
     * @param clientSequence the last sequence number the resuming client saw
     * @param replayWindow   as the live fan-out's ({@code gateway.fanout.replay-window}), so replays are dropped alike
     * @param maxDispatches  the most dispatches rebuilt ({@code gateway.resume-rebuild.max-dispatches}); past them the
     *                       result says it {@link Result#overflowed}
     */
    SessionRebuild(SessionCheckpoint checkpoint, long clientSequence, String topicPrefix, RecordSource source,
                   GatewayMetrics metrics, int replayWindow, int maxDispatches) {
        this.maxDispatches = maxDispatches;
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
        this.seen = clientSequence - checkpoint.sequence();
        if (seen > 0 && checkpoint.journalRun() > 0) {
            journal = new JournalOrder(source.journal(checkpoint.gatewayId(), checkpoint.journalRun(),
                    checkpoint.at() - JOURNAL_SLACK_MILLIS), checkpoint.journalPoll());
        }
    }

    /**
     * Feeds every record the session needs below {@code targets} (per partition; partitions it has none for: their
     * end offset when first needed), in feed order.
     */
    Result readUntil(ToLongFunction<TopicPartition> targets) {
        this.until = targets;
        untilResolved.clear();
        if (!followJournal()) return result(); // a target stopped it within the journal: go on from there next time
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
            if (first == null || overflowed) break;
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
                checkpoint.keptBack(), ordered, overflowed);
    }

    /**
     * Feeds the records of the session's partitions in the order the first gateway's journal gives, until as many
     * dispatches as the client saw are rebuilt, the journal ends (or skips a poll), an entry shows the session shed a
     * dispatch, or the session comes to need a partition where the journal cannot say what the first gateway did.
     *
     * @return false when a partition's target stopped it within a journaled range (the rest is fed next time)
     */
    private boolean followJournal() {
        while (journal != null && !overflowed) {
            FanoutJournalEntry.Range range = dispatches.size() >= seen ? null : journal.current(checkpoint.sessionId());
            if (range == null) {
                stopFollowing();
                break;
            }
            TopicPartition partition = new TopicPartition(range.topic(), range.partition());
            Long from = next.get(partition);
            if (from != null) {
                if (from == FROM_JOURNAL) next.put(partition, range.from());
                long stop = Math.min(range.until(), untilResolved.computeIfAbsent(partition, until::applyAsLong));
                feedBelow(partition, stop);
                if (journal == null) break; // what a record did stopped it
                if (stop < range.until()) return false;
            }
            journaled.merge(partition, range.until(), Math::max);
            journal.done();
        }
        return true;
    }

    /** From here on, records are fed in timestamp order; what was rebuilt so far is in the first gateway's order. */
    private void stopFollowing() {
        journal = null;
        ordered = dispatches.size();
        next.replaceAll((partition, offset) -> offset == FROM_JOURNAL
                ? source.offsetAt(partition, feedingTimestamp) : offset);
    }

    /** Feeds {@code partition}'s records from its next offset below {@code stop}, as long as the session needs it. */
    private void feedBelow(TopicPartition partition, long stop) {
        while (!overflowed && next.containsKey(partition) && next.get(partition) < stop) {
            long from = next.get(partition);
            boolean fed = false;
            for (ConsumerRecord<byte[], byte[]> record : source.read(partition, from, stop)) {
                if (record.offset() < from || record.offset() >= stop) continue;
                if (!next.containsKey(partition) || next.get(partition) > record.offset()) break; // it moved
                feed(partition, record);
                fed = true;
            }
            if (!fed && next.containsKey(partition) && next.get(partition) == from) {
                next.put(partition, stop); // only control records (transaction markers) below stop
            }
        }
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
            buffered.remove(partition);
            if (journal != null) {
                if (offset < 0) { // the first gateway read it from where it stood, or from its end: the journal shows
                    next.put(partition, FROM_JOURNAL);
                    return;
                }
                Long stood = journaled.get(partition);
                if (stood != null && stood <= offset) {
                    next.put(partition, offset);
                    return;
                }
                stopFollowing(); // it may have read past the join already (and announced it from a snapshot)
            }
            long from = offset >= 0 ? offset : resumePositions.containsKey(partition) ? resumePositions.get(partition)
                    : source.offsetAt(partition, feedingTimestamp);
            next.put(partition, from);
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

        @Override
        public void shed(FanoutSession s) {
        }
    }

    /** The first gateway's journal after the checkpoint's poll, range by range. */
    private static final class JournalOrder {
        private final Journal entries;
        private long lastPoll;
        private FanoutJournalEntry entry;
        private int index;

        JournalOrder(Journal entries, long afterPoll) {
            this.entries = entries;
            this.lastPoll = afterPoll;
        }

        /**
         * The next range to feed; null when the journal ends, skips a poll (what that one routed is not known), or
         * shows that {@code sessionId} shed a dispatch in the next poll (its numbering no longer follows the records).
         */
        FanoutJournalEntry.Range current(String sessionId) {
            while (entry == null || index >= entry.ranges().size()) {
                FanoutJournalEntry read = entries.next();
                if (read == null) return null;
                if (read.poll() <= lastPoll) continue; // routed before the resume point
                if (read.poll() != lastPoll + 1 || read.shed().contains(sessionId)) return null;
                entry = read;
                index = 0;
                lastPoll = read.poll();
            }
            return entry.ranges().get(index);
        }

        void done() {
            index++;
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
            if (revoked || overflowed) return -1;
            if (dispatches.size() >= maxDispatches) {
                overflowed = true;
                return -1;
            }
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
