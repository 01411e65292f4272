package dev.parley.ops.lag;

import dev.parley.ops.KafkaUnavailableException;
import dev.parley.ops.lag.LagReport.GroupLag;
import dev.parley.ops.lag.LagReport.PartitionLag;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.GroupListing;
import org.apache.kafka.clients.admin.ListConsumerGroupOffsetsSpec;
import org.apache.kafka.clients.admin.ListGroupsOptions;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.MemberDescription;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.GroupIdNotFoundException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Reads a {@link LagReport} from the cluster with an {@link Admin}: the consumer groups (classic and consumer
 * protocol), their committed offsets, their members' assignments (so that an assigned partition without a
 * commit is reported too), and each partition's log start and end offsets.
 *
 * <p>Not thread-safe; the caller owns the {@code Admin}. A partition of a topic that no longer exists (a group
 * may keep offsets of a deleted topic) is left out.
 */
final class LagCollector {
    private final Admin admin;
    private final String bootstrapServers;
    private final Duration timeout;
    private final Clock clock;

    /** @param bootstrapServers for error messages only */
    LagCollector(Admin admin, String bootstrapServers, Duration timeout, Clock clock) {
        this.admin = admin;
        this.bootstrapServers = bootstrapServers;
        this.timeout = timeout;
        this.clock = clock;
    }

    /**
     * The lag of the selected groups now.
     *
     * @throws KafkaUnavailableException when the cluster does not answer a request within the timeout
     */
    LagReport collect(GroupSelection selection) {
        List<String> groups = selection.named().isEmpty() ? listGroups(selection) : selection.named();
        Map<String, Set<TopicPartition>> partitions = new HashMap<>();
        Map<String, Map<TopicPartition, OffsetAndMetadata>> committed = committedOffsets(groups);
        Map<String, Set<TopicPartition>> assigned = assignedPartitions(groups);
        for (String group : groups) {
            Set<TopicPartition> union = new HashSet<>(committed.getOrDefault(group, Map.of()).keySet());
            union.addAll(assigned.getOrDefault(group, Set.of()));
            partitions.put(group, union);
        }
        Set<TopicPartition> all = partitions.values().stream().flatMap(Set::stream).collect(Collectors.toSet());
        Map<TopicPartition, Long> logStarts = offsets(all, OffsetSpec.earliest());
        Map<TopicPartition, Long> ends = offsets(all, OffsetSpec.latest());

        List<GroupLag> report = new ArrayList<>();
        for (String group : groups) {
            List<PartitionLag> lags = new ArrayList<>();
            for (TopicPartition tp : partitions.get(group)) {
                if (!ends.containsKey(tp) || !logStarts.containsKey(tp)) continue;
                OffsetAndMetadata offset = committed.getOrDefault(group, Map.of()).get(tp);
                lags.add(new PartitionLag(tp.topic(), tp.partition(),
                        offset == null ? OptionalLong.empty() : OptionalLong.of(offset.offset()),
                        logStarts.get(tp), ends.get(tp)));
            }
            report.add(new GroupLag(group, lags));
        }
        return new LagReport(clock.instant(), report);
    }

    private List<String> listGroups(GroupSelection selection) {
        var listings = await(admin.listGroups(ListGroupsOptions.forConsumerGroups()).all(), "listing consumer groups");
        return listings.stream().map(GroupListing::groupId).filter(selection::includes).sorted().toList();
    }

    private Map<String, Map<TopicPartition, OffsetAndMetadata>> committedOffsets(List<String> groups) {
        if (groups.isEmpty()) return Map.of();
        var specs = groups.stream().collect(Collectors.toMap(Function.identity(), g -> new ListConsumerGroupOffsetsSpec()));
        var result = admin.listConsumerGroupOffsets(specs);
        Map<String, Map<TopicPartition, OffsetAndMetadata>> offsets = new HashMap<>();
        for (String group : groups) {
            Map<TopicPartition, OffsetAndMetadata> found = awaitOrNull(result.partitionsToOffsetAndMetadata(group),
                    "reading the committed offsets of " + group, GroupIdNotFoundException.class);
            Map<TopicPartition, OffsetAndMetadata> present = new HashMap<>();
            if (found != null) found.forEach((tp, offset) -> {
                if (offset != null) present.put(tp, offset);
            });
            offsets.put(group, present);
        }
        return offsets;
    }

    private Map<String, Set<TopicPartition>> assignedPartitions(List<String> groups) {
        if (groups.isEmpty()) return Map.of();
        Map<String, KafkaFuture<ConsumerGroupDescription>> described = admin.describeConsumerGroups(groups).describedGroups();
        Map<String, Set<TopicPartition>> assigned = new HashMap<>();
        for (String group : groups) {
            ConsumerGroupDescription description = awaitOrNull(described.get(group), "describing " + group,
                    GroupIdNotFoundException.class);
            if (description == null) continue;
            assigned.put(group, description.members().stream().map(MemberDescription::assignment)
                    .flatMap(a -> a.topicPartitions().stream()).collect(Collectors.toSet()));
        }
        return assigned;
    }

    private Map<TopicPartition, Long> offsets(Set<TopicPartition> partitions, OffsetSpec spec) {
        if (partitions.isEmpty()) return Map.of();
        ListOffsetsResult result = admin.listOffsets(partitions.stream().collect(Collectors.toMap(tp -> tp, tp -> spec)));
        Map<TopicPartition, Long> offsets = new HashMap<>();
        for (TopicPartition tp : partitions) {
            var info = awaitOrNull(result.partitionResult(tp), "listing the offsets of " + tp,
                    UnknownTopicOrPartitionException.class);
            if (info != null) offsets.put(tp, info.offset());
        }
        return offsets;
    }

    private <T> T await(KafkaFuture<T> future, String doing) {
        return awaitOrNull(future, doing, null);
    }

    /** The future's value; null when it failed with {@code absent}; the cluster not answering in time is fatal. */
    private <T> T awaitOrNull(KafkaFuture<T> future, String doing, Class<? extends Exception> absent) {
        try {
            return future.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new KafkaUnavailableException(bootstrapServers, timeout, doing, e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (absent != null && absent.isInstance(cause)) return null;
            if (causedByTimeout(cause)) throw new KafkaUnavailableException(bootstrapServers, timeout, doing, cause);
            throw new IllegalStateException(doing + " failed: " + cause.getMessage(), cause);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while " + doing, e);
        }
    }

    /** The admin client's own deadline shows as a Kafka timeout, sometimes wrapped (e.g. "Failed to find brokers"). */
    private static boolean causedByTimeout(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof org.apache.kafka.common.errors.TimeoutException) return true;
        }
        return false;
    }
}
