package dev.parley.gateway.http;

import dev.parley.schemas.json.Json;
import dev.parley.schemas.reply.Rejection;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes JSON bodies, and errors in Discord's shape {@code {"code": n, "message": "..."}}. Discord's codes come from
 * one table, {@link Rejection} (code 0 is a general error); the request body's own two, too large and not JSON, are
 * named where bodies are read ({@code rest.JsonBody}).
 */
public final class JsonResponses {

    private JsonResponses() {
    }

    /** Ends the exchange with {@code status} and {@code body} written by {@link Json#MAPPER}. */
    public static void send(HttpServerExchange exchange, int status, Object body) {
        byte[] bytes;
        try {
            bytes = Json.MAPPER.writeValueAsBytes(body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        exchange.setStatusCode(status);
        exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, "application/json");
        exchange.getResponseSender().send(ByteBuffer.wrap(bytes));
    }

    /**
     * Ends the exchange with a Discord-shaped error.
     *
     * @param code    Discord's JSON error code (0 for a general error)
     * @param message what was wrong, naming the field or value
     */
    public static void error(HttpServerExchange exchange, int status, int code, String message) {
        send(exchange, status, errorBody(code, message));
    }

    /** Ends the exchange with {@code reason}'s status and Discord code. */
    public static void error(HttpServerExchange exchange, Rejection reason, String message) {
        error(exchange, reason.httpStatus(), reason.discordCode(), message);
    }

    /** Discord's error body {@code {"code", "message"}}. */
    public static Map<String, Object> errorBody(int code, String message) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("code", code);
        body.put("message", message);
        return body;
    }

    /**
     * 400 in Discord's form-error shape ({@link #invalidFieldBody}).
     */
    public static void invalidField(HttpServerExchange exchange, String field, String message) {
        send(exchange, Rejection.INVALID_FORM_BODY.httpStatus(), invalidFieldBody(field, message));
    }

    /**
     * Discord's form error: {@link Rejection#INVALID_FORM_BODY}'s code (50035) with {@code message} (which names the
     * field) and {@code errors.<field>._errors}; {@code _root} when no field is to blame.
     */
    public static Map<String, Object> invalidFieldBody(String field, String message) {
        Map<String, Object> body = errorBody(Rejection.INVALID_FORM_BODY.discordCode(), message);
        body.put("errors", Map.of(field == null ? "_root" : field,
                Map.of("_errors", List.of(Map.of("code", "INVALID", "message", message)))));
        return body;
    }
}
