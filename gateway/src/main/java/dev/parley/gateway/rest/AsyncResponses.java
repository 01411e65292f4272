package dev.parley.gateway.rest;

import dev.parley.gateway.http.JsonResponses;
import dev.parley.gateway.state.StateUnavailableException;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.HttpString;
import io.undertow.util.SameThreadExecutor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.BiConsumer;

/**
 * Answers a request from a future without holding an I/O or worker thread: the exchange is dispatched, and the
 * answer written when the future completes. {@link StateUnavailableException} answers 503 with
 * {@code retry_after}; any other failure 500.
 */
public final class AsyncResponses {
    private static final Logger log = LoggerFactory.getLogger(AsyncResponses.class);

    private AsyncResponses() {
    }

    public static <T> void respond(HttpServerExchange exchange, CompletableFuture<T> future,
                            BiConsumer<HttpServerExchange, T> answer) {
        exchange.dispatch(SameThreadExecutor.INSTANCE, () -> future.whenComplete((value, error) -> {
            try {
                if (error == null) {
                    answer.accept(exchange, value);
                    return;
                }
                Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
                if (cause instanceof StateUnavailableException) {
                    unavailable(exchange, cause.getMessage());
                } else {
                    log.error("request {} failed", exchange.getRequestPath(), cause);
                    JsonResponses.error(exchange, 500, 0, "500: Internal Server Error");
                }
            } catch (RuntimeException e) {
                log.error("answering {} failed", exchange.getRequestPath(), e);
                if (!exchange.isResponseStarted()) exchange.setStatusCode(500);
                exchange.endExchange();
            }
        }));
    }

    /** 503 with Discord's {@code retry_after} (seconds) and a {@code Retry-After} header. */
    public static void unavailable(HttpServerExchange exchange, String message) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("code", 0);
        body.put("message", "503: Service Unavailable (" + message + ")");
        body.put("retry_after", 1.0);
        exchange.getResponseHeaders().put(new HttpString("Retry-After"), "1");
        JsonResponses.send(exchange, 503, body);
    }
}
