package dev.parley.schemas.reply;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The command was applied.
 *
 * @param body what the REST API answers, in Discord's shape (e.g. the created message), or null for 204
 */
public record Accepted(String requestId, JsonNode body) implements CommandReply {
}
