package dev.parley.ops.replay;

import dev.parley.schemas.KeyKind;
import dev.parley.schemas.Topic;
import dev.parley.schemas.Topics;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * What {@code parley replay} reads: one guild's records in the guild's partition of some guild-keyed topics (or of
 * the dead-letter topic, whose records keep their source's key and partition), or every record of every partition
 * of them, optionally only some types, within an offset and/or time window (both given: their intersection).
 * Offsets apply to each partition read.
 *
 * @param guildId    the guild, which is the record key; null for every record of every partition
 * @param topics     guild-keyed topics, under the deployment's prefix
 * @param types      dispatch types to keep (e.g. {@code MESSAGE_CREATE}); empty keeps every type
 * @param fromOffset first offset to read (inclusive); null: the log start
 * @param toOffset   offset to stop before (exclusive); null: no bound
 * @param fromTime   read from the first record whose timestamp is at or after it; null: no bound
 * @param toTime     stop before the first record whose timestamp is at or after it; null: no bound
 * @param follow     keep reading new records until stopped, instead of stopping at the end offsets found at
 *                   the start; excludes {@code toOffset} and {@code toTime}
 */
record ReplayRequest(Long guildId, List<Topic<?, ?>> topics, Set<String> types, Long fromOffset, Long toOffset,
                     Instant fromTime, Instant toTime, boolean follow) {

    /** @throws IllegalArgumentException naming the conflict when the request cannot be served */
    ReplayRequest {
        topics = List.copyOf(topics);
        types = Set.copyOf(types);
        if (topics.isEmpty()) throw new IllegalArgumentException("no topic to replay");
        for (Topic<?, ?> topic : topics) {
            if (!replayable(topic)) throw new IllegalArgumentException(topic.name() + " is not guild-keyed");
        }
        if (fromOffset != null && fromOffset < 0) throw new IllegalArgumentException("--from-offset must not be negative");
        if (fromOffset != null && toOffset != null && toOffset < fromOffset) {
            throw new IllegalArgumentException("--to-offset " + toOffset + " is before --from-offset " + fromOffset);
        }
        if (fromTime != null && toTime != null && toTime.isBefore(fromTime)) {
            throw new IllegalArgumentException("--to-time " + toTime + " is before --from-time " + fromTime);
        }
        if (follow && (toOffset != null || toTime != null)) {
            throw new IllegalArgumentException("--follow reads until stopped; it cannot be combined with --to-offset or --to-time");
        }
    }

    /** Whether replay reads {@code topic}: a guild-keyed topic, or the dead letters (which keep their source's keys). */
    static boolean replayable(Topic<?, ?> topic) {
        return topic.keyKind() == KeyKind.GUILD || topic.keyKind() == KeyKind.SOURCE;
    }

    /**
     * The replayable topic called {@code name} (without prefix, e.g. {@code guild-events}) under {@code prefix}.
     *
     * @throws IllegalArgumentException listing the replayable topics when {@code name} is not one
     */
    static Topic<?, ?> guildTopic(String name, String prefix) {
        Objects.requireNonNull(name, "name");
        return Topics.ALL.stream()
                .filter(t -> replayable(t) && t.name().equals(name))
                .findFirst()
                .<Topic<?, ?>>map(t -> t.withPrefix(prefix))
                .orElseThrow(() -> new IllegalArgumentException("not a guild-keyed topic: '" + name + "' (give one of "
                        + String.join(", ", guildTopicNames()) + ", without the prefix)"));
    }

    static List<String> guildTopicNames() {
        return Topics.ALL.stream().filter(ReplayRequest::replayable).map(Topic::name).toList();
    }
}
