package dev.parley.schemas;

import org.apache.kafka.common.serialization.Serde;

import java.time.Duration;
import java.util.Objects;

/**
 * The one definition of a topic: its name (before the deployment's prefix), serdes, partitioning and
 * retention, and the JSON Schema of its values.
 *
 * @param name          base name; the deployment's prefix is added by {@link #withPrefix}
 * @param keySerde      serde of the key; guild- and user-keyed topics use {@code Long}
 * @param valueSerde    serde of the value
 * @param keyKind       what the key identifies
 * @param partitions    partition count, shared by every topic of the same {@link KeyKind}
 * @param compacted     {@code cleanup.policy=compact} when true, {@code delete} otherwise
 * @param retention     {@code retention.ms}; for compacted topics, how long tombstones stay
 * @param schemaFile    class-path resource of the value's JSON Schema
 * @param maxMessageBytes {@code max.message.bytes} of the topic, or 0 for the broker's default
 */
public record Topic<K, V>(String name, Serde<K> keySerde, Serde<V> valueSerde, KeyKind keyKind, int partitions,
                          boolean compacted, Duration retention, String schemaFile, int maxMessageBytes) {

    /** A topic taking records up to the broker's default size. */
    public Topic(String name, Serde<K> keySerde, Serde<V> valueSerde, KeyKind keyKind, int partitions, boolean compacted,
                 Duration retention, String schemaFile) {
        this(name, keySerde, valueSerde, keyKind, partitions, compacted, retention, schemaFile, 0);
    }

    public Topic {
        Objects.requireNonNull(name, "name");
        if (partitions < 1) throw new IllegalArgumentException("partitions of " + name + " must be positive");
    }

    /** This topic under a deployment's (or a test's) prefix, e.g. {@code parley.} + {@code guild-events}. */
    public Topic<K, V> withPrefix(String prefix) {
        return new Topic<>(prefix + name, keySerde, valueSerde, keyKind, partitions, compacted, retention, schemaFile,
                maxMessageBytes);
    }

    public String cleanupPolicy() {
        return compacted ? "compact" : "delete";
    }
}
