package dev.parley.gateway.rest;

import dev.parley.gateway.auth.Tokens;
import dev.parley.gateway.http.JsonResponses;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;

import java.util.OptionalLong;

/** Lets a request through to {@code next} only with a valid token (attaching the user id); else 401. */
public final class AuthenticatedHandler implements HttpHandler {
    private final Tokens tokens;
    private final HttpHandler next;

    public AuthenticatedHandler(Tokens tokens, HttpHandler next) {
        this.tokens = tokens;
        this.next = next;
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) throws Exception {
        OptionalLong userId = RestAuth.userId(exchange, tokens);
        if (userId.isEmpty()) {
            JsonResponses.error(exchange, 401, 0, "401: Unauthorized");
            return;
        }
        exchange.putAttachment(RestAuth.USER_ID, userId.getAsLong());
        next.handleRequest(exchange);
    }
}
