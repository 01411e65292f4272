package dev.parley.gateway.rest;

import dev.parley.gateway.http.JsonResponses;
import io.undertow.server.HttpServerExchange;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** An HTTP answer decided before it is written: a status and a JSON body (none for 204). */
record Answer(int status, Object body) {

    static Answer ok(Object body) {
        return new Answer(200, body);
    }

    static Answer created(Object body) {
        return new Answer(201, body);
    }

    static Answer noContent() {
        return new Answer(204, null);
    }

    /** Discord's error shape. */
    static Answer error(int status, int code, String message) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("code", code);
        body.put("message", message);
        return new Answer(status, body);
    }

    /** Discord's form error: 400, code 50035, naming the field. */
    static Answer invalidField(String field, String message) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("code", 50035);
        body.put("message", message);
        body.put("errors", Map.of(field == null ? "_root" : field,
                Map.of("_errors", List.of(Map.of("code", "INVALID", "message", message)))));
        return new Answer(400, body);
    }

    void send(HttpServerExchange exchange) {
        if (status == 204) {
            exchange.setStatusCode(204);
            exchange.endExchange();
        } else {
            JsonResponses.send(exchange, status, body);
        }
    }
}
