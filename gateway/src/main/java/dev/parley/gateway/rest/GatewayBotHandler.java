package dev.parley.gateway.rest;

import dev.parley.gateway.http.JsonResponses;
import dev.parley.gateway.session.SessionStartLimit;
import dev.parley.gateway.state.StateClient;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * {@code GET /gateway/bot}: where to connect, and the {@code session_start_limit} the gateway enforces: the starts
 * the user state app counted for this user in the last 24 hours plus those this gateway admitted that it has not
 * counted yet, against {@code gateway.session-start-limit.total}, and {@code max_concurrency} as configured.
 */
public final class GatewayBotHandler implements HttpHandler {
    private final StateClient state;
    private final SessionStartLimit limit;
    private final Supplier<String> url;

    public GatewayBotHandler(StateClient state, SessionStartLimit limit, Supplier<String> url) {
        this.state = state;
        this.limit = limit;
        this.url = url;
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) {
        long userId = exchange.getAttachment(RestAuth.USER_ID);
        AsyncResponses.respond(exchange, state.sessionStarts(userId), (ex, starts) -> {
            SessionStartLimit.Report report = limit.report(userId, starts);
            Map<String, Object> sessionStartLimit = new LinkedHashMap<>();
            sessionStartLimit.put("total", report.total());
            sessionStartLimit.put("remaining", report.remaining());
            sessionStartLimit.put("reset_after", report.resetAfterMillis());
            sessionStartLimit.put("max_concurrency", report.maxConcurrency());
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("url", url.get());
            body.put("shards", 1);
            body.put("session_start_limit", sessionStartLimit);
            JsonResponses.send(ex, 200, body);
        });
    }
}
