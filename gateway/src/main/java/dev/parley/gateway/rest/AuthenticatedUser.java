package dev.parley.gateway.rest;

import io.undertow.server.HttpServerExchange;

/** The user {@link AuthenticatedHandler} let through, for the handlers that wrap the endpoints (rate limits). */
public final class AuthenticatedUser {
    private AuthenticatedUser() {
    }

    /**
     * The authenticated user's id.
     *
     * @throws IllegalStateException when the exchange did not pass {@link AuthenticatedHandler}
     */
    public static long id(HttpServerExchange exchange) {
        Long id = exchange.getAttachment(RestAuth.USER_ID);
        if (id == null) throw new IllegalStateException("no authenticated user on " + exchange.getRequestPath());
        return id;
    }
}
