package dev.parley.streams.query;

import dev.parley.schemas.cluster.ClusterCredential;
import dev.parley.schemas.query.StateQueryApi;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import io.undertow.util.HttpString;
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
 * credential. When the active copy cannot answer (restoring, its instance unreachable or the task moving), a standby
 * copy answers, here or on the instance holding it, flagged as stale (KIP-535): a failover never leaves a whole
 * partition unreadable while a standby is ready. Handlers it makes run on a worker thread, since forwarding blocks.
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
                return;
            }
            String forwarded = exchange.getRequestHeaders().getFirst(StateQueryApi.FORWARDED_HEADER);
            if (StateQueryApi.FORWARDED_STALE.equals(forwarded)) { // another instance asks this one as a standby
                if (!answerLocally(exchange, streams, store, where.partition(), true, read)) {
                    Answers.error(exchange, 503, "store " + store + " has no copy here");
                }
                return;
            }
            HostInfo me = self.get();
            if (where.activeHost().equals(me)) {
                if (answerLocally(exchange, streams, store, where.partition(), false, read)) return;
            } else if (forwarded == null) {
                if (forward(exchange, where.activeHost(), false)) return;
            }
            // the active copy is restoring, unreachable (crashed, not yet replaced) or moving: a standby answers
            for (HostInfo standby : where.standbyHosts()) {
                if (standby.equals(me) ? answerLocally(exchange, streams, store, where.partition(), true, read)
                        : forwarded == null && forward(exchange, standby, true)) {
                    return;
                }
            }
            Answers.error(exchange, 503, "store " + store + " is moving between instances, with no standby ready");
        } catch (Answers.BadQueryException e) {
            Answers.error(exchange, 400, e.getMessage());
        } catch (InvalidStateStoreException | IllegalStateException e) {
            Answers.error(exchange, 503, "store " + store + " is not ready: " + e.getMessage());
        }
    }

    /**
     * Answers from this instance's copy of the key's partition: the active one, or with {@code stale} any (a standby's
     * lags the active by what it has not restored yet; such an answer carries {@link StateQueryApi#STALE_HEADER}).
     *
     * @return false when this instance has no such copy ready (nothing was written)
     */
    private boolean answerLocally(HttpServerExchange exchange, KafkaStreams streams, String store, int partition,
                                  boolean stale, Read read) {
        LocalTask task = new LocalTask(streams, partition, stale);
        try {
            task.store(store);
            if (stale) exchange.getResponseHeaders().put(new HttpString(StateQueryApi.STALE_HEADER), "true");
            read.answer(exchange, task);
            return true;
        } catch (InvalidStateStoreException notHere) { // not (or no longer) ready here: e.g. mid-rebalance
            if (exchange.isResponseStarted()) throw notHere;
            exchange.getResponseHeaders().remove(new HttpString(StateQueryApi.STALE_HEADER));
            return false;
        }
    }

    /**
     * Forwards the request once to {@code owner} (asking for its standby copy when {@code stale}) and writes its
     * answer.
     *
     * @return false when {@code owner} is unreachable or cannot answer (503): nothing was written
     */
    private boolean forward(HttpServerExchange exchange, HostInfo owner, boolean stale) {
        String query = exchange.getQueryString();
        String target = "http://" + owner.host() + ":" + owner.port() + exchange.getRequestPath()
                + (query == null || query.isEmpty() ? "" : "?" + query);
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(target)).timeout(FORWARD_TIMEOUT)
                .header(StateQueryApi.FORWARDED_HEADER, stale ? StateQueryApi.FORWARDED_STALE : StateQueryApi.FORWARDED_ACTIVE)
                .GET();
        if (credential.configured()) request.header(ClusterCredential.HEADER, credential.headerValue());
        try {
            HttpResponse<byte[]> response = http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
            if (response.statusCode() == 503) return false;
            exchange.setStatusCode(response.statusCode());
            exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, "application/json");
            response.headers().firstValue(StateQueryApi.STALE_HEADER)
                    .ifPresent(v -> exchange.getResponseHeaders().put(new HttpString(StateQueryApi.STALE_HEADER), v));
            exchange.getResponseSender().send(ByteBuffer.wrap(response.body()));
            return true;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** One partition's stores on this instance: the active copy, or with {@code stale} a standby's too. */
    private record LocalTask(KafkaStreams streams, int partition, boolean stale) implements Task {
        @Override
        public <K, V> ReadOnlyKeyValueStore<K, V> store(String name) {
            StoreQueryParameters<ReadOnlyKeyValueStore<K, V>> query = StoreQueryParameters
                    .fromNameAndType(name, QueryableStoreTypes.<K, V>keyValueStore()).withPartition(partition);
            return streams.store(stale ? query.enableStaleStores() : query);
        }
    }
}
