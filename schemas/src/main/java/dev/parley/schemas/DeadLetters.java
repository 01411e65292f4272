package dev.parley.schemas;

import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;

import java.nio.charset.StandardCharsets;

/**
 * The headers a record on {@link Topics#DEAD_LETTERS} carries besides the failed record's own: why it failed and
 * where it came from. Values are UTF-8 text.
 */
public final class DeadLetters {
    /** What every header below starts with. */
    public static final String PREFIX = "parley.error.";
    /** {@code deserialization}, {@code processing} or {@code production}. */
    public static final String STAGE = PREFIX + "stage";
    /** The streams app (its name without the deployment's prefix, e.g. {@code guild-state}). */
    public static final String APP = PREFIX + "app";
    /** The exception's class name. */
    public static final String EXCEPTION = PREFIX + "exception";
    /** The exception's message. */
    public static final String MESSAGE = PREFIX + "message";
    /** Topic, partition and offset of the source record being handled when it failed. */
    public static final String TOPIC = PREFIX + "topic";
    public static final String PARTITION = PREFIX + "partition";
    public static final String OFFSET = PREFIX + "offset";
    /** For a record that could not be written: the topic it was for. */
    public static final String TARGET_TOPIC = PREFIX + "target-topic";

    /** The stages a record can fail at. */
    public enum Stage {
        DESERIALIZATION, PROCESSING, PRODUCTION;

        public String label() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    private DeadLetters() {
    }

    /** The text of header {@code name}, or null. */
    public static String header(Headers headers, String name) {
        Header header = headers.lastHeader(name);
        return header == null || header.value() == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }
}
