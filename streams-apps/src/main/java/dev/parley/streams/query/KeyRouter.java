package dev.parley.streams.query;

import dev.parley.schemas.cluster.ClusterCredential;
import dev.parley.schemas.query.StateQueryApi;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import org.apache.kafka.common.serialization.LongSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyQueryMetadata;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.processor.StreamPartitioner;
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
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.function.LongToIntFunction;
import java.util.function.Supplier;

/**
 * Runs a read where its key lives: on this instance when it holds the key's active task (the read then sees
 * that task's stores), else by forwarding the request once to the instance that does, with this process's cluster
 * credential. Handlers it makes run on a worker thread, since forwarding blocks.
 */
final class KeyRouter {
    private static final LongSerializer LONG = new LongSerializer();
    private static final Duration FORWARD_TIMEOUT = Duration.ofSeconds(2);

    /** The stores of one task, for a read. */
    interface Task {
        <K, V> ReadOnlyKeyValueStore<K, V> store(String name);
    }

    /** A read against the task holding the key; writes its answer. */
    interface Read {
        void answer(HttpServerExchange exchange, Task task);
    }

    private final Function<String, KafkaStreams> streamsByStore;
    private final Supplier<HostInfo> self;
    private final ClusterCredential credential;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(FORWARD_TIMEOUT).build();

    KeyRouter(Function<String, KafkaStreams> streamsByStore, Supplier<HostInfo> self, ClusterCredential credential) {
        this.streamsByStore = streamsByStore;
        this.self = self;
        this.credential = credential;
    }

    /**
     * A handler reading the key in the path or query parameter {@code param}, which lives with {@code store}'s
     * partition of that key.
     */
    HttpHandler keyed(String store, String param, Read read) {
        return handler(store, param, null, read);
    }

    /**
     * A handler reading the key in {@code param}, which lives in the partition {@code partitionOf} gives (-1: no
     * partition holds it; answered 404).
     */
    HttpHandler inPartition(String store, String param, LongToIntFunction partitionOf, Read read) {
        return handler(store, param, partitionOf, read);
    }

    private HttpHandler handler(String store, String param, LongToIntFunction partitionOf, Read read) {
        return exchange -> {
            if (exchange.isInIoThread()) {
                exchange.dispatch(() -> route(exchange, store, param, partitionOf, read));
            } else {
                route(exchange, store, param, partitionOf, read);
            }
        };
    }

    private void route(HttpServerExchange exchange, String store, String param, LongToIntFunction partitionOf, Read read) {
        try {
            long key = Answers.requiredId(exchange, param);
            KafkaStreams streams = streamsByStore.apply(store);
            if (streams == null) {
                Answers.error(exchange, 503, "store " + store + " is not served yet");
                return;
            }
            KeyQueryMetadata where;
            if (partitionOf == null) {
                where = streams.queryMetadataForKey(store, key, LONG);
            } else {
                int partition = partitionOf.applyAsInt(key);
                if (partition < 0) {
                    Answers.error(exchange, 404, "no " + store + " entry for " + key);
                    return;
                }
                StreamPartitioner<Long, Object> fixed = (topic, k, v, count) ->
                        partition < count ? Optional.of(Set.of(partition)) : Optional.of(Set.of());
                where = streams.queryMetadataForKey(store, key, fixed);
            }
            if (where == null || where == KeyQueryMetadata.NOT_AVAILABLE) {
                Answers.error(exchange, 503, "store " + store + " is rebalancing");
            } else if (where.activeHost().equals(self.get())) {
                read.answer(exchange, new LocalTask(streams, where.partition()));
            } else if (exchange.getRequestHeaders().contains(StateQueryApi.FORWARDED_HEADER)) {
                Answers.error(exchange, 503, "store " + store + " is moving between instances");
            } else {
                forward(exchange, where.activeHost());
            }
        } catch (Answers.BadQueryException e) {
            Answers.error(exchange, 400, e.getMessage());
        } catch (InvalidStateStoreException | IllegalStateException e) {
            Answers.error(exchange, 503, "store " + store + " is not ready: " + e.getMessage());
        }
    }

    private void forward(HttpServerExchange exchange, HostInfo owner) {
        String query = exchange.getQueryString();
        String target = "http://" + owner.host() + ":" + owner.port() + exchange.getRequestPath()
                + (query == null || query.isEmpty() ? "" : "?" + query);
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(target)).timeout(FORWARD_TIMEOUT)
                .header(StateQueryApi.FORWARDED_HEADER, "1").GET();
        if (credential.configured()) request.header(ClusterCredential.HEADER, credential.headerValue());
        try {
            HttpResponse<byte[]> response = http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
            exchange.setStatusCode(response.statusCode());
            exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, "application/json");
            exchange.getResponseSender().send(ByteBuffer.wrap(response.body()));
        } catch (IOException e) {
            Answers.error(exchange, 503, "instance " + owner.host() + ":" + owner.port() + " holding the key is unreachable");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            Answers.error(exchange, 503, "interrupted");
        }
    }

    private record LocalTask(KafkaStreams streams, int partition) implements Task {
        @Override
        public <K, V> ReadOnlyKeyValueStore<K, V> store(String name) {
            return streams.store(StoreQueryParameters.fromNameAndType(name, QueryableStoreTypes.<K, V>keyValueStore())
                    .withPartition(partition));
        }
    }
}
