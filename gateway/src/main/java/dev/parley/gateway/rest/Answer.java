package dev.parley.gateway.rest;

import dev.parley.gateway.http.JsonResponses;
import dev.parley.schemas.reply.Rejection;
import io.undertow.server.HttpServerExchange;

/** An HTTP answer decided before it is written: a status and a JSON body (none for 204). */
public record Answer(int status, Object body) {

    public static Answer ok(Object body) {
        return new Answer(200, body);
    }

    public static Answer created(Object body) {
        return new Answer(201, body);
    }

    public static Answer noContent() {
        return new Answer(204, null);
    }

    /** Discord's error shape, for a general error (code 0) or a code of the body's own ({@link JsonBody}). */
    public static Answer error(int status, int code, String message) {
        return new Answer(status, JsonResponses.errorBody(code, message));
    }

    /** Discord's error shape with {@code reason}'s status and code. */
    public static Answer error(Rejection reason, String message) {
        return error(reason.httpStatus(), reason.discordCode(), message);
    }

    /** Discord's form error, naming the field ({@link JsonResponses#invalidFieldBody}). */
    public static Answer invalidField(String field, String message) {
        return new Answer(Rejection.INVALID_FORM_BODY.httpStatus(), JsonResponses.invalidFieldBody(field, message));
    }

    /** Whether the answer says the request succeeded (2xx). */
    public boolean succeeded() {
        return status >= 200 && status < 300;
    }

    /** Ends the exchange with this answer. */
    public void send(HttpServerExchange exchange) {
        if (status == 204) {
            exchange.setStatusCode(204);
            exchange.endExchange();
        } else {
            JsonResponses.send(exchange, status, body);
        }
    }
}
