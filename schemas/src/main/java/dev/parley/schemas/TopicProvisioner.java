package dev.parley.schemas;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Creates the system's topics from their {@link Topic} definitions, idempotently: missing topics are created,
 * existing ones are checked. Replication factor 3 with {@code min.insync.replicas=2} on clusters of three or
 * more brokers, 1 on smaller ones.
 */
public final class TopicProvisioner {
    private static final Logger log = LoggerFactory.getLogger(TopicProvisioner.class);
    private static final long TIMEOUT_SECONDS = 30;

    private TopicProvisioner() {
    }

    /**
     * Ensures every topic of {@code topics}, under {@code prefix}, exists with its defined partition count.
     *
     * @throws IllegalStateException when an existing topic has another partition count (the partitioning rule
     *                               would break), or the cluster does not answer within 30 s
     */
    public static void ensure(Admin admin, String prefix, Collection<Topic<?, ?>> topics) {
        try {
            int brokers = admin.describeCluster().nodes().get(TIMEOUT_SECONDS, TimeUnit.SECONDS).size();
            short replication = (short) (brokers >= 3 ? 3 : 1);
            List<NewTopic> wanted = new ArrayList<>();
            for (Topic<?, ?> topic : topics) {
                Map<String, String> configs = new HashMap<>();
                configs.put(TopicConfig.CLEANUP_POLICY_CONFIG, topic.cleanupPolicy());
                configs.put(topic.compacted() ? TopicConfig.DELETE_RETENTION_MS_CONFIG : TopicConfig.RETENTION_MS_CONFIG,
                        String.valueOf(topic.retention().toMillis()));
                configs.put(TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG, replication >= 3 ? "2" : "1");
                if (topic.maxMessageBytes() > 0) {
                    configs.put(TopicConfig.MAX_MESSAGE_BYTES_CONFIG, String.valueOf(topic.maxMessageBytes()));
                }
                wanted.add(new NewTopic(prefix + topic.name(), topic.partitions(), replication).configs(configs));
            }
            var results = admin.createTopics(wanted).values();
            for (var entry : results.entrySet()) {
                try {
                    entry.getValue().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
                    log.info("created topic {}", entry.getKey());
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) throw e;
                }
            }
            checkPartitions(admin, wanted);
        } catch (ExecutionException e) {
            throw new IllegalStateException("cannot create topics: " + e.getCause().getMessage(), e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException("Kafka did not answer within " + TIMEOUT_SECONDS + " s while creating topics", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while creating topics", e);
        }
    }

    /** Newly created topics take a moment to appear in the metadata; describing them is retried until then. */
    private static void checkPartitions(Admin admin, List<NewTopic> wanted)
            throws ExecutionException, InterruptedException, TimeoutException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(TIMEOUT_SECONDS);
        Map<String, TopicDescription> existing;
        while (true) {
            try {
                existing = admin.describeTopics(wanted.stream().map(NewTopic::name).toList())
                        .allTopicNames().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
                break;
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof UnknownTopicOrPartitionException) || System.nanoTime() > deadline) throw e;
                Thread.sleep(50);
            }
        }
        for (NewTopic topic : wanted) {
            int actual = existing.get(topic.name()).partitions().size();
            if (actual != topic.numPartitions()) {
                throw new IllegalStateException("topic " + topic.name() + " has " + actual + " partitions, the "
                        + "partitioning rule needs " + topic.numPartitions() + "; recreate it or use another kafka.topic-prefix");
            }
        }
    }
}
