package dev.parley.schemas.reply;

/**
 * The command was refused; nothing changed.
 *
 * @param reason  why, with the HTTP status and Discord error code the REST API answers
 * @param field   the request field that was invalid, or null
 * @param message a sentence naming what was wrong and with which value
 */
public record Rejected(String requestId, Rejection reason, String field, String message) implements CommandReply {
}
