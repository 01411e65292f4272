package dev.parley.gateway.fanout;

import org.apache.kafka.common.TopicPartition;

import java.util.HashMap;
import java.util.Map;

/** An assignment for the fan-out's unit tests: what is assigned and from which offset (-1: its end); positions set by the test. */
final class FakeAssignment implements PartitionBook.Assignment {
    final Map<TopicPartition, Long> assigned = new HashMap<>();
    final Map<TopicPartition, Long> positions = new HashMap<>();

    @Override
    public void assign(TopicPartition partition, long offset) {
        assigned.put(partition, offset);
    }

    @Override
    public void unassign(TopicPartition partition) {
        assigned.remove(partition);
    }

    @Override
    public long position(TopicPartition partition) {
        return positions.getOrDefault(partition, 0L);
    }
}
