package dev.parley.gateway.protocol;

/** Op 6: replay everything after {@code seq} of session {@code sessionId}. */
public record Resume(String token, String sessionId, long seq) implements ClientCommand {
}
