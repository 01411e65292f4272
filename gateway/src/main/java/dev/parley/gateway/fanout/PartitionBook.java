package dev.parley.gateway.fanout;

import org.apache.kafka.common.TopicPartition;

import java.util.HashMap;
import java.util.Map;

/**
 * The fan-out's partition assignment, reference-counted: a partition is read while anything needs it (a session
 * subscribed to one of its guilds, a session of one of its users, a join on its way) and released when nothing does.
 * Used only on the consumer's thread.
 */
final class PartitionBook {
    /** The consumer's assignment, as the routing state sees it. */
    interface Assignment {
        /**
         * Starts reading {@code partition}: from {@code offset} if at least 0, else from its end, resolved now (so
         * that state read after this call is no older than what will be delivered).
         */
        void assign(TopicPartition partition, long offset);

        /** Stops reading {@code partition}. */
        void unassign(TopicPartition partition);

        /** The offset of the next record that will be read from the assigned {@code partition}. */
        long position(TopicPartition partition);
    }

    private final Assignment assignment;
    private final Map<TopicPartition, Integer> references = new HashMap<>();

    PartitionBook(Assignment assignment) {
        this.assignment = assignment;
    }

    /**
     * Adds a reference to {@code partition}, assigning it when new (from {@code offset} if at least 0, else from its
     * end). An already assigned partition is left where it is.
     *
     * @return false when the partition was already read past {@code offset} (the record there was seen already)
     */
    boolean acquire(TopicPartition partition, long offset) {
        Integer count = references.merge(partition, 1, Integer::sum);
        if (count > 1) return offset < 0 || assignment.position(partition) <= offset;
        assignment.assign(partition, offset);
        return true;
    }

    /** Drops a reference; the partition is unassigned when none is left. */
    void release(TopicPartition partition) {
        Integer count = references.computeIfPresent(partition, (p, n) -> n > 1 ? n - 1 : null);
        if (count == null) assignment.unassign(partition);
    }

    /** How many references {@code partition} has (0: not read). */
    int references(TopicPartition partition) {
        return references.getOrDefault(partition, 0);
    }
}
