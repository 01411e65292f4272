package dev.parley.streams.query;

import dev.parley.schemas.json.Json;
import dev.parley.schemas.query.StateQueryApi;
import dev.parley.schemas.session.SessionStarts;
import dev.parley.streams.user.UserStores;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import io.undertow.util.HttpString;
import org.apache.kafka.common.serialization.LongSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyQueryMetadata;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.HostInfo;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Reads one key of a store for an HTTP request: from this instance when it holds the key's active task, else by
 * forwarding once to the instance that does. Runs on a worker thread (forwarding blocks).
 */
final class StoreReader {
    private static final LongSerializer LONG = new LongSerializer();
    private static final Duration FORWARD_TIMEOUT = Duration.ofSeconds(2);

    /** Finds the Kafka Streams instance owning a store, or null before the apps are registered. */
    interface Locator {
        KafkaStreams streamsFor(String store);
    }

    private final Locator locator;
    private final Supplier<HostInfo> self;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(FORWARD_TIMEOUT).build();

    StoreReader(Locator locator, Supplier<HostInfo> self) {
        this.locator = locator;
        this.self = self;
    }

    /** Answers the value stored under the path parameter {@code param}, as JSON; 404 when there is none. */
    HttpHandler byLongKey(String store, String param) {
        return keyed(store, param, value -> value, null);
    }

    /** Answers a user's session starts within the window (none when the user never started one). */
    HttpHandler sessionStarts(String param) {
        return keyed(UserStores.SESSION_STARTS, param,
                value -> ((SessionStarts) value).recent(System.currentTimeMillis()), new SessionStarts(List.of()));
    }

    /**
     * @param view    what to answer for a stored value
     * @param missing what to answer when the key holds nothing, or null for 404
     */
    private HttpHandler keyed(String store, String param, Function<Object, Object> view, Object missing) {
        return exchange -> {
            if (exchange.isInIoThread()) {
                exchange.dispatch(() -> read(exchange, store, param, view, missing));
            } else {
                read(exchange, store, param, view, missing);
            }
        };
    }

    private void read(HttpServerExchange exchange, String store, String param, Function<Object, Object> view,
                      Object missing) {
        Deque<String> raw = exchange.getQueryParameters().get(param);
        long key;
        try {
            key = Long.parseLong(raw.getFirst());
        } catch (RuntimeException e) {
            error(exchange, 400, param + " must be a snowflake id");
            return;
        }
        KafkaStreams streams = locator.streamsFor(store);
        if (streams == null) {
            error(exchange, 503, "store " + store + " is not served yet");
            return;
        }
        try {
            KeyQueryMetadata where = streams.queryMetadataForKey(store, key, LONG);
            if (where == null || where == KeyQueryMetadata.NOT_AVAILABLE) {
                error(exchange, 503, "store " + store + " is rebalancing");
            } else if (where.activeHost().equals(self.get())) {
                ReadOnlyKeyValueStore<Long, Object> local = streams.store(StoreQueryParameters
                        .fromNameAndType(store, QueryableStoreTypes.<Long, Object>keyValueStore())
                        .withPartition(where.partition()));
                Object value = local.get(key);
                if (value != null) send(exchange, 200, view.apply(value));
                else if (missing != null) send(exchange, 200, missing);
                else error(exchange, 404, "no " + store + " entry for " + key);
            } else if (exchange.getRequestHeaders().contains(StateQueryApi.FORWARDED_HEADER)) {
                error(exchange, 503, "store " + store + " is moving between instances");
            } else {
                forward(exchange, where.activeHost());
            }
        } catch (InvalidStateStoreException e) {
            error(exchange, 503, "store " + store + " is not ready: " + e.getMessage());
        }
    }

    private void forward(HttpServerExchange exchange, HostInfo owner) {
        String target = "http://" + owner.host() + ":" + owner.port() + exchange.getRequestPath();
        HttpRequest request = HttpRequest.newBuilder(URI.create(target)).timeout(FORWARD_TIMEOUT)
                .header(StateQueryApi.FORWARDED_HEADER, "1").GET().build();
        try {
            HttpResponse<byte[]> response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
            exchange.setStatusCode(response.statusCode());
            exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, "application/json");
            exchange.getResponseSender().send(ByteBuffer.wrap(response.body()));
        } catch (IOException e) {
            error(exchange, 503, "instance " + owner.host() + ":" + owner.port() + " holding the key is unreachable");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            error(exchange, 503, "interrupted");
        }
    }

    static void send(HttpServerExchange exchange, int status, Object body) {
        try {
            exchange.setStatusCode(status);
            exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, "application/json");
            exchange.getResponseSender().send(ByteBuffer.wrap(Json.MAPPER.writeValueAsBytes(body)));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    static void error(HttpServerExchange exchange, int status, String message) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("code", 0);
        body.put("message", message);
        if (status == 503) exchange.getResponseHeaders().put(new HttpString("Retry-After"), "1");
        send(exchange, status, body);
    }
}
