package dev.parley.gateway.rest;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.gateway.http.JsonResponses;
import dev.parley.schemas.json.Json;
import io.undertow.server.HttpServerExchange;

import java.io.IOException;
import java.util.function.BiConsumer;

/**
 * Reads a JSON request body of at most a configured size, then hands it on; answers 413 or 400 itself. A body that
 * does not arrive in time is answered 408 by {@link dev.parley.gateway.http.BodyDeadlineHandler}, which closes the
 * connection; the read's failure then answers nothing more.
 */
final class JsonBody {
    /** Discord's code for a body that is not valid JSON (answered with 400). */
    static final int INVALID_JSON = 50109;
    /** Discord's code for a body over the size allowed (answered with 413). */
    static final int TOO_LARGE = 40005;

    private JsonBody() {
    }

    static void read(HttpServerExchange exchange, long maxBytes, BiConsumer<HttpServerExchange, JsonNode> then) {
        long declared = exchange.getRequestContentLength();
        if (declared > maxBytes) {
            JsonResponses.error(exchange, 413, TOO_LARGE, "request body over " + maxBytes + " bytes");
            return;
        }
        exchange.getRequestReceiver().setMaxBufferSize((int) maxBytes);
        exchange.getRequestReceiver().receiveFullBytes((ex, bytes) -> {
            JsonNode body;
            try {
                body = parse(bytes);
            } catch (Malformed e) {
                JsonResponses.error(ex, 400, INVALID_JSON, e.getMessage());
                return;
            }
            then.accept(ex, body);
        }, (ex, error) -> {
            if (!ex.isResponseStarted()) JsonResponses.error(ex, 413, TOO_LARGE, "request body over " + maxBytes + " bytes");
        });
    }

    /**
     * A whole request body as a JSON object; an empty body is {@code {}}.
     *
     * @throws Malformed when the bytes are not JSON or not an object (answered 400 with {@link #INVALID_JSON})
     */
    static JsonNode parse(byte[] bytes) throws Malformed {
        JsonNode body;
        try {
            body = bytes.length == 0 ? Json.MAPPER.createObjectNode() : Json.MAPPER.readTree(bytes);
        } catch (IOException e) {
            throw new Malformed("the request body is not valid JSON");
        }
        if (body == null || !body.isObject()) throw new Malformed("the request body must be a JSON object");
        return body;
    }

    /** A request body that is not a JSON object. */
    static final class Malformed extends Exception {
        private static final long serialVersionUID = 1L;

        Malformed(String message) {
            super(message);
        }
    }
}
