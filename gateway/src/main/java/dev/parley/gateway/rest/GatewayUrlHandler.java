package dev.parley.gateway.rest;

import dev.parley.gateway.http.JsonResponses;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;

import java.util.Map;
import java.util.function.Supplier;

/** {@code GET /api/v10/gateway}: where to connect, {@code {"url": "ws://host:port"}}, without a query string. No auth. */
public final class GatewayUrlHandler implements HttpHandler {
    private final Supplier<String> url;

    /** @param url the gateway's public WebSocket URL, known once its listener is bound */
    public GatewayUrlHandler(Supplier<String> url) {
        this.url = url;
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) {
        JsonResponses.send(exchange, 200, Map.of("url", url.get()));
    }
}
