package dev.parley.ops.lag;

import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.OptionalLong;

/**
 * Consumer lag at one instant: per consumer group, per partition it has committed to or is assigned, how many
 * records it has still to read. Immutable; groups sorted by id, partitions by topic and partition.
 *
 * @param at     when the offsets were read
 * @param groups the groups asked for, including those with no partitions
 */
record LagReport(Instant at, List<GroupLag> groups) {

    LagReport {
        groups = groups.stream().sorted(Comparator.comparing(GroupLag::group)).toList();
    }

    /** The group named {@code group}, if reported. */
    GroupLag group(String group) {
        return groups.stream().filter(g -> g.group().equals(group)).findFirst().orElse(null);
    }

    /** One group's partitions and their total lag. */
    record GroupLag(String group, List<PartitionLag> partitions) {

        GroupLag {
            Objects.requireNonNull(group, "group");
            partitions = partitions.stream()
                    .sorted(Comparator.comparing(PartitionLag::topic).thenComparingInt(PartitionLag::partition)).toList();
        }

        long totalLag() {
            return partitions.stream().mapToLong(PartitionLag::lag).sum();
        }

        /** The partition {@code partition} of {@code topic}, if reported. */
        PartitionLag partition(String topic, int partition) {
            return partitions.stream().filter(p -> p.topic().equals(topic) && p.partition() == partition)
                    .findFirst().orElse(null);
        }
    }

    /**
     * One partition of one group.
     *
     * @param committed the group's committed offset; empty when it has none (a member is assigned the partition
     *                  but has not committed yet)
     * @param logStart  the partition's first offset still in the log
     * @param end       the partition's end offset (the offset the next record will get)
     */
    record PartitionLag(String topic, int partition, OptionalLong committed, long logStart, long end) {

        /**
         * Records the group has still to read: {@code end - committed}, or {@code end - logStart} without a
         * committed offset (or when retention has deleted records past it); never negative.
         */
        long lag() {
            long from = Math.max(committed.orElse(logStart), logStart);
            return Math.max(0, end - from);
        }
    }
}
