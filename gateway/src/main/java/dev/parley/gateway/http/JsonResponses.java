package dev.parley.gateway.http;

import dev.parley.schemas.json.Json;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.LinkedHashMap;
import java.util.Map;

/** Writes JSON bodies, and errors in Discord's shape {@code {"code": n, "message": "..."}}. */
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
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("code", code);
        body.put("message", message);
        send(exchange, status, body);
    }

    /**
     * 400 in Discord's form-error shape: code 50035 with {@code message} (which names the field) and
     * {@code errors.<field>._errors}.
     */
    public static void invalidField(HttpServerExchange exchange, String field, String message) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("code", 50035);
        body.put("message", message);
        body.put("errors", Map.of(field == null ? "_root" : field,
                Map.of("_errors", java.util.List.of(Map.of("code", "INVALID", "message", message)))));
        send(exchange, 400, body);
    }
}
