package dev.parley.streams.query;

import dev.parley.schemas.json.Json;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import io.undertow.util.HttpString;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.Map;

/** JSON answers and query-parameter parsing for the state query API. */
final class Answers {

    private Answers() {
    }

    static void send(HttpServerExchange exchange, int status, Object body) {
        try {
            exchange.setStatusCode(status);
            exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, "application/json");
            exchange.getResponseSender().send(ByteBuffer.wrap(Json.MAPPER.writeValueAsBytes(body)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void error(HttpServerExchange exchange, int status, String message) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("code", 0);
        body.put("message", message);
        if (status == 503) exchange.getResponseHeaders().put(new HttpString("Retry-After"), "1");
        send(exchange, status, body);
    }

    /** A snowflake path or query parameter, or {@code fallback} when absent. */
    static long id(HttpServerExchange exchange, String name, long fallback) {
        Deque<String> values = exchange.getQueryParameters().get(name);
        if (values == null || values.isEmpty() || values.getFirst().isEmpty()) {
            if (fallback == Long.MIN_VALUE) throw new BadQueryException(name + " is required");
            return fallback;
        }
        try {
            return Long.parseLong(values.getFirst());
        } catch (NumberFormatException e) {
            throw new BadQueryException(name + " must be a snowflake id, got '" + values.getFirst() + "'");
        }
    }

    static long requiredId(HttpServerExchange exchange, String name) {
        return id(exchange, name, Long.MIN_VALUE);
    }

    static int number(HttpServerExchange exchange, String name, int fallback, int min, int max) {
        long value = id(exchange, name, fallback);
        if (value < min || value > max) throw new BadQueryException(name + " must be " + min + "-" + max + ", got " + value);
        return (int) value;
    }

    static String text(HttpServerExchange exchange, String name) {
        Deque<String> values = exchange.getQueryParameters().get(name);
        return values == null || values.isEmpty() ? null : values.getFirst();
    }

    /** A query the API cannot answer as asked; answered 400 with its message. */
    static final class BadQueryException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        BadQueryException(String message) {
            super(message);
        }
    }
}
