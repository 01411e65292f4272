package dev.parley.gateway.http;

import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;

/** Answers 404 in Discord's error shape. */
public final class NotFoundHandler implements HttpHandler {
    @Override
    public void handleRequest(HttpServerExchange exchange) {
        JsonResponses.error(exchange, 404, 0, "404: Not Found");
    }
}
