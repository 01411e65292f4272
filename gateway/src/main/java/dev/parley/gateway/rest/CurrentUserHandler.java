package dev.parley.gateway.rest;

import dev.parley.gateway.http.JsonResponses;
import dev.parley.gateway.protocol.Payloads;
import dev.parley.gateway.state.StateClient;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;

/** {@code GET /users/@me}: the token's user; 401 if the user no longer exists. */
public final class CurrentUserHandler implements HttpHandler {
    private final StateClient state;

    public CurrentUserHandler(StateClient state) {
        this.state = state;
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) {
        long userId = exchange.getAttachment(RestAuth.USER_ID);
        AsyncResponses.respond(exchange, state.user(userId), (ex, user) -> {
            if (user.isEmpty()) JsonResponses.error(ex, 401, 0, "401: Unauthorized");
            else JsonResponses.send(ex, 200, Payloads.selfUser(user.get()));
        });
    }
}
