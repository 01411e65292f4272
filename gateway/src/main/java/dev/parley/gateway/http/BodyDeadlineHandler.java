package dev.parley.gateway.http;

import dev.parley.gateway.metrics.GatewayMetrics;
import dev.parley.schemas.json.Json;
import io.undertow.io.IoCallback;
import io.undertow.io.Sender;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import org.xnio.IoUtils;
import org.xnio.XnioExecutor;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Gives a request whose body has not fully arrived when its headers did {@code timeout} to deliver the rest; then it
 * is answered 408 ({@code {"code": 0, "message": ...}}, {@code Connection: close}) and its connection is closed, so a
 * body trickled a byte at a time cannot hold a connection and a buffer. A request without a body, or whose body is in,
 * is not timed (its answer may wait for Kafka). The timer runs on the exchange's I/O thread, as its body's reads do.
 */
public final class BodyDeadlineHandler implements HttpHandler {
    private final long timeoutMillis;
    private final GatewayMetrics metrics;
    private final HttpHandler next;

    public BodyDeadlineHandler(Duration timeout, GatewayMetrics metrics, HttpHandler next) {
        this.timeoutMillis = timeout.toMillis();
        this.metrics = metrics;
        this.next = next;
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) throws Exception {
        if (!exchange.isRequestComplete()) {
            XnioExecutor.Key timer = exchange.getIoThread().executeAfter(() -> expire(exchange), timeoutMillis,
                    TimeUnit.MILLISECONDS);
            exchange.addExchangeCompleteListener((ex, nextListener) -> {
                timer.remove();
                nextListener.proceed();
            });
        }
        next.handleRequest(exchange);
    }

    private void expire(HttpServerExchange exchange) {
        if (exchange.isRequestComplete() || exchange.isComplete()) return;
        metrics.refused("body_timeout");
        if (exchange.isResponseStarted()) {
            IoUtils.safeClose(exchange.getConnection());
            return;
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("code", 0);
        body.put("message", "408: Request Timeout (the body did not arrive within " + timeoutMillis + " ms)");
        byte[] bytes;
        try {
            bytes = Json.MAPPER.writeValueAsBytes(body);
        } catch (IOException e) {
            bytes = new byte[0];
        }
        exchange.setStatusCode(408);
        exchange.setPersistent(false);
        exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, "application/json");
        exchange.getResponseHeaders().put(Headers.CONNECTION, "close");
        exchange.getResponseSender().send(ByteBuffer.wrap(bytes), new IoCallback() {
            @Override
            public void onComplete(HttpServerExchange ex, Sender sender) {
                IoUtils.safeClose(ex.getConnection());
            }

            @Override
            public void onException(HttpServerExchange ex, Sender sender, IOException exception) {
                IoUtils.safeClose(ex.getConnection());
            }
        });
    }
}
