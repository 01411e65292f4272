package dev.parley.gateway.fanout;

import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.common.TopicPartition;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * The fan-out consumer's manual assignment, reference-counted: a partition is read while anything here needs it
 * (a session subscribed to one of its guilds, a session of one of its users, a join on its way) and released when
 * nothing does. Used only on the consumer's thread.
 */
final class PartitionBook {
    private final Consumer<?, ?> consumer;
    private final Map<TopicPartition, Integer> references = new HashMap<>();

    PartitionBook(Consumer<?, ?> consumer) {
        this.consumer = consumer;
    }

    /**
     * Adds a reference to {@code partition}, assigning it when new: from {@code offset} if given (at least 0), else
     * from its end, resolved now (so that state read after this call is no older than what will be delivered).
     * An already assigned partition whose position is past {@code offset} is left where it is.
     *
     * @return false when the partition was already read past {@code offset} (the record there was seen already)
     */
    boolean acquire(TopicPartition partition, long offset) {
        Integer count = references.merge(partition, 1, Integer::sum);
        if (count > 1) return offset < 0 || consumer.position(partition) <= offset;
        Set<TopicPartition> assignment = new HashSet<>(consumer.assignment());
        assignment.add(partition);
        consumer.assign(assignment);
        if (offset >= 0) {
            consumer.seek(partition, offset);
        } else {
            consumer.seekToEnd(Set.of(partition));
            consumer.position(partition);
        }
        return true;
    }

    /** Drops a reference; the partition is unassigned when none is left. */
    void release(TopicPartition partition) {
        Integer count = references.computeIfPresent(partition, (p, n) -> n > 1 ? n - 1 : null);
        if (count == null && consumer.assignment().contains(partition)) {
            Set<TopicPartition> assignment = new HashSet<>(consumer.assignment());
            assignment.remove(partition);
            consumer.assign(assignment);
        }
    }

    boolean isEmpty() {
        return consumer.assignment().isEmpty();
    }
}
