package dev.parley.ops;

import java.time.Duration;

/** The cluster did not answer an operator tool within its timeout; the message is one line meant for the operator. */
public final class KafkaUnavailableException extends RuntimeException {

    /** @param doing what the tool was doing, e.g. {@code "listing consumer groups"} */
    public KafkaUnavailableException(String bootstrapServers, Duration timeout, String doing, Throwable cause) {
        super("Kafka at " + bootstrapServers + " did not answer within " + timeout.toSeconds() + " s while " + doing
                + " (is it running? see --bootstrap and --timeout)", cause);
    }
}
