package dev.parley.schemas;

import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;

import java.nio.charset.StandardCharsets;
import java.util.OptionalLong;

/**
 * Kafka record headers a command carries besides its value: transport facts, not part of what was asked.
 *
 * <p>{@value #EXPIRES_AT}: the epoch millisecond after which nobody waits for the command's decision any more (the
 * asking gateway has answered 503). A state app that reads the command later refuses it without applying it, so a
 * client's retry of a timed-out write is never applied twice. Written as decimal ASCII; a command without it (nobody
 * waits, e.g. a profile change fanned out to guilds) never expires.
 */
public final class CommandHeaders {
    public static final String EXPIRES_AT = "parley-expires-at";

    private CommandHeaders() {
    }

    /** Adds {@value #EXPIRES_AT} to {@code headers}. */
    public static void expiresAt(Headers headers, long epochMillis) {
        headers.remove(EXPIRES_AT);
        headers.add(EXPIRES_AT, Long.toString(epochMillis).getBytes(StandardCharsets.US_ASCII));
    }

    /** The {@value #EXPIRES_AT} of a record, or empty when it has none (or an unreadable one: never expires). */
    public static OptionalLong expiresAt(Headers headers) {
        Header header = headers == null ? null : headers.lastHeader(EXPIRES_AT);
        if (header == null || header.value() == null) return OptionalLong.empty();
        try {
            return OptionalLong.of(Long.parseLong(new String(header.value(), StandardCharsets.US_ASCII)));
        } catch (NumberFormatException e) {
            return OptionalLong.empty();
        }
    }
}
