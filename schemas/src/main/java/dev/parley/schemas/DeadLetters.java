package dev.parley.schemas;

import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;

import java.nio.charset.StandardCharsets;

/**
 * The headers a record on {@link Topics#DEAD_LETTERS} carries besides the failed record's own: why it failed and
 * where it came from. Values are UTF-8 text.
 */
public final class DeadLetters {
    /** {@code deserialization}, {@code processing} or {@code production}. */
    public static final String STAGE = "parley.error.stage";
    /** The streams app (its name without the deployment's prefix, e.g. {@code guild-state}). */
    public static final String APP = "parley.error.app";
    /** The exception's class name. */
    public static final String EXCEPTION = "parley.error.exception";
    /** The exception's message. */
    public static final String MESSAGE = "parley.error.message";
    /** Topic, partition and offset of the source record being handled when it failed. */
    public static final String TOPIC = "parley.error.topic";
    public static final String PARTITION = "parley.error.partition";
    public static final String OFFSET = "parley.error.offset";
    /** For a record that could not be written: the topic it was for. */
    public static final String TARGET_TOPIC = "parley.error.target-topic";

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
