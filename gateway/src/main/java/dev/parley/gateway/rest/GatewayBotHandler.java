package dev.parley.gateway.rest;

import dev.parley.gateway.http.JsonResponses;
import dev.parley.gateway.state.StateClient;
import dev.parley.schemas.session.SessionStarts;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * {@code GET /gateway/bot}: where to connect, and an honest {@code session_start_limit} counted by the user state
 * app from the sessions this user actually started in the last 24 hours.
 */
public final class GatewayBotHandler implements HttpHandler {
    private final StateClient state;
    private final Supplier<String> url;

    public GatewayBotHandler(StateClient state, Supplier<String> url) {
        this.state = state;
        this.url = url;
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) {
        long userId = exchange.getAttachment(RestAuth.USER_ID);
        AsyncResponses.respond(exchange, state.sessionStarts(userId), (ex, starts) -> {
            long now = System.currentTimeMillis();
            int used = starts.at().size();
            long resetAfter = used == 0 ? SessionStarts.WINDOW.toMillis()
                    : Math.max(0, starts.at().get(0) + SessionStarts.WINDOW.toMillis() - now);
            Map<String, Object> limit = new LinkedHashMap<>();
            limit.put("total", SessionStarts.LIMIT);
            limit.put("remaining", Math.max(0, SessionStarts.LIMIT - used));
            limit.put("reset_after", resetAfter);
            limit.put("max_concurrency", 1);
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("url", url.get());
            body.put("shards", 1);
            body.put("session_start_limit", limit);
            JsonResponses.send(ex, 200, body);
        });
    }
}
