package dev.parley.gateway.state;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.schemas.guild.ChannelRef;
import dev.parley.schemas.guild.Guild;
import dev.parley.schemas.guild.Member;
import dev.parley.schemas.guild.Message;
import dev.parley.schemas.guild.User;
import dev.parley.schemas.cluster.ClusterCredential;
import dev.parley.schemas.json.Json;
import dev.parley.schemas.query.GuildSnapshot;
import dev.parley.schemas.query.StateQueryApi;
import dev.parley.schemas.query.TokenGeneration;
import dev.parley.schemas.session.SessionCheckpoint;
import dev.parley.schemas.session.SessionStarts;
import dev.parley.schemas.user.UserGuilds;

import io.undertow.connector.ByteBufferPool;
import io.undertow.server.DefaultByteBufferPool;
import org.xnio.OptionMap;
import org.xnio.Options;
import org.xnio.Xnio;
import org.xnio.XnioWorker;

import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * Reads state from the streams apps' state query API ({@link StateQueryApi}), presenting the cluster credential with
 * every request. Any instance answers (it forwards to the one holding the key), and one that cannot be reached is
 * passed over for the others. Non-blocking; a future fails with {@link StateUnavailableException} when the instance
 * does not answer within the timeout of the request's sending, the read takes longer than its deadline from when it
 * was asked (waiting for a connection included), too many reads wait for a connection to the instance already (see
 * {@link HttpGetPool}), no instance can be reached, the store
 * is moving, or the API refuses the credential (401).
 */
public final class StateClient implements AutoCloseable {
    private static final JavaType MEMBERS = Json.MAPPER.getTypeFactory().constructType(new TypeReference<List<Member>>() {
    });
    private static final JavaType MESSAGES = Json.MAPPER.getTypeFactory().constructType(new TypeReference<List<Message>>() {
    });

    /** How long an instance that could not be reached is asked only after the others. */
    static final Duration UNREACHABLE_FOR = Duration.ofSeconds(1);

    /** How long a read whose store is moving waits before it asks again. */
    static final Duration MOVING_PAUSE = Duration.ofMillis(100);

    /** Keep-alive connections per state query instance. */
    static final int CONNECTIONS_PER_INSTANCE = 8;

    private final XnioWorker worker;
    private final ByteBufferPool buffers = new DefaultByteBufferPool(false, 8192, 64, 4);
    private final Map<String, HttpGetPool> pools = new ConcurrentHashMap<>();
    private final Supplier<List<String>> baseUrls;
    private final Bounds bounds;
    private final ClusterCredential credential;
    private final AtomicInteger next = new AtomicInteger();
    /** Instances that could not be reached, and when that was last seen; removed once one answers. */
    private final Map<String, Long> unreachableSince = new ConcurrentHashMap<>();

    /**
     * How long and how many reads may wait.
     *
     * @param timeout   how long a read may wait for its answer once sent ({@code gateway.state-timeout})
     * @param deadline  how long a read may take from when it is asked, queueing included ({@code gateway.state-deadline})
     * @param maxQueued reads that may wait for a connection to one instance ({@code gateway.state-max-queued})
     */
    public record Bounds(Duration timeout, Duration deadline, int maxQueued) {
        /** @throws IllegalArgumentException when the deadline is shorter than the timeout, or nothing may queue */
        public Bounds {
            if (deadline.compareTo(timeout) < 0) {
                throw new IllegalArgumentException("gateway.state-deadline (" + deadline.toMillis() + " ms) must be at "
                        + "least gateway.state-timeout (" + timeout.toMillis() + " ms)");
            }
            if (maxQueued < 1) throw new IllegalArgumentException("gateway.state-max-queued must be at least 1: " + maxQueued);
        }
    }

    /**
     * @param baseUrls   the query API's instances, e.g. {@code http://localhost:7070}; asked in turn
     * @param credential what every request carries
     */
    public StateClient(Supplier<List<String>> baseUrls, Bounds bounds, ClusterCredential credential) {
        try {
            this.worker = Xnio.getInstance().createWorker(OptionMap.builder()
                    .set(Options.WORKER_IO_THREADS, 1).set(Options.TCP_NODELAY, true)
                    .set(Options.THREAD_DAEMON, true).set(Options.WORKER_NAME, "state-client").getMap());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("cannot start the state client's I/O thread", e);
        }
        this.baseUrls = baseUrls;
        this.bounds = bounds;
        this.credential = credential;
    }

    /** The user, or empty when no such user exists. */
    public CompletableFuture<Optional<User>> user(long userId) {
        return this.<User>get(StateQueryApi.user(userId), type(User.class)).thenApply(l -> Optional.ofNullable(l.orNull()));
    }

    /** The user's current token generation, or empty when no such user exists. */
    public CompletableFuture<OptionalLong> tokenGeneration(long userId) {
        return this.<TokenGeneration>get(StateQueryApi.tokenGeneration(userId), type(TokenGeneration.class))
                .thenApply(l -> l.orNull() == null ? OptionalLong.empty() : OptionalLong.of(l.orNull().generation()));
    }

    /** The user's session starts within the last 24 hours. */
    public CompletableFuture<SessionStarts> sessionStarts(long userId) {
        return this.<SessionStarts>get(StateQueryApi.sessionStarts(userId), type(SessionStarts.class))
                .thenApply(l -> l.orNull() == null ? new SessionStarts(List.of()) : l.orNull());
    }

    /** The guilds the user is a member of. */
    public CompletableFuture<List<Long>> userGuilds(long userId) {
        return this.<UserGuilds>get(StateQueryApi.userGuilds(userId), type(UserGuilds.class))
                .thenApply(l -> l.orNull() == null ? List.of() : l.orNull().guildIds());
    }

    /** The latest checkpoint of the user's session {@code sessionId} (not found: none, or it ended). */
    public CompletableFuture<Lookup<SessionCheckpoint>> sessionCheckpoint(long userId, String sessionId) {
        return get(StateQueryApi.sessionCheckpoint(userId, sessionId), type(SessionCheckpoint.class));
    }

    /** The guild a channel belongs to. */
    public CompletableFuture<Lookup<ChannelRef>> channel(long channelId) {
        return get(StateQueryApi.channel(channelId), type(ChannelRef.class));
    }

    public CompletableFuture<Lookup<Guild>> guild(long guildId, long viewer) {
        return get(StateQueryApi.guild(guildId, viewer), type(Guild.class));
    }

    /** The guild with all its members, or only the viewer's when it has more than {@code largeThreshold}. */
    public CompletableFuture<Lookup<GuildSnapshot>> snapshot(long guildId, long viewer, int largeThreshold) {
        return get(StateQueryApi.snapshot(guildId, viewer, largeThreshold), type(GuildSnapshot.class));
    }

    public CompletableFuture<Lookup<List<Member>>> members(long guildId, long viewer, int limit, long after) {
        return get(StateQueryApi.members(guildId, viewer, limit, after), MEMBERS);
    }

    public CompletableFuture<Lookup<Member>> member(long guildId, long userId, long viewer) {
        return get(StateQueryApi.member(guildId, userId, viewer), type(Member.class));
    }

    public CompletableFuture<Lookup<List<Member>>> memberSearch(long guildId, long viewer, String query, int limit,
                                                              List<Long> userIds) {
        return get(StateQueryApi.memberSearch(guildId, viewer, query, limit, userIds), MEMBERS);
    }

    public CompletableFuture<Lookup<List<Message>>> messages(long guildId, long channelId, long viewer, int limit,
                                                            long before, long after) {
        return get(StateQueryApi.messages(guildId, channelId, viewer, limit, before, after), MESSAGES);
    }

    private static JavaType type(Class<?> type) {
        return Json.MAPPER.constructType(type);
    }

    /** Stops the client's connections and I/O thread. */
    @Override
    public void close() {
        pools.values().forEach(HttpGetPool::close);
        worker.shutdownNow();
    }

    /** The instances the state apps' groups know, as {@link StateQueryApi#INSTANCES} reports them. */
    public CompletableFuture<List<String>> instances() {
        return this.<Instances>get(StateQueryApi.INSTANCES, type(Instances.class))
                .thenApply(l -> l.orNull() == null ? List.of() : l.orNull().instances());
    }

    /** {@link StateQueryApi#INSTANCES}'s answer. */
    private record Instances(List<String> instances) {
        private Instances {
            instances = instances == null ? List.of() : List.copyOf(instances);
        }
    }

    /**
     * Asks the next instance in turn, passing over those that could not be reached within the last
     * {@link #UNREACHABLE_FOR}; when the one asked cannot be reached (a crashed process: the connection is refused or
     * breaks before the answer), asks the others in turn, each once, and fails only when none can be reached. When the
     * answer is 503 (the key's store is moving between instances, e.g. to a standby after a crash), asks again every
     * {@link #MOVING_PAUSE} while a whole {@code timeout} still fits in the read's {@code deadline}: a failover of a
     * second or two costs the caller a slower answer, not a 503. Every read is a GET, so asking again never applies
     * anything twice.
     */
    private <T> CompletableFuture<Lookup<T>> get(String path, JavaType type) {
        return attempt(path, type, System.nanoTime());
    }

    private <T> CompletableFuture<Lookup<T>> attempt(String path, JavaType type, long askedAtNanos) {
        List<String> urls = baseUrls.get();
        if (urls.isEmpty()) return CompletableFuture.failedFuture(new StateUnavailableException("no state query URL configured"));
        int first = Math.floorMod(next.getAndIncrement(), urls.size());
        List<String> order = new ArrayList<>(urls.size());
        List<String> unreachable = new ArrayList<>();
        long now = System.nanoTime();
        for (int i = 0; i < urls.size(); i++) {
            String url = urls.get((first + i) % urls.size());
            Long since = unreachableSince.get(url);
            if (since != null && now - since < UNREACHABLE_FOR.toNanos()) unreachable.add(url);
            else order.add(url);
        }
        order.addAll(unreachable); // asked last, in case all are down or one is back
        return this.<T>ask(order, 0, path, type).exceptionallyCompose(error -> {
            long retryAt = System.nanoTime() - askedAtNanos + MOVING_PAUSE.toNanos();
            if (!(cause(error) instanceof StoreMoving) || retryAt + bounds.timeout().toNanos() > bounds.deadline().toNanos()) {
                return CompletableFuture.failedFuture(error);
            }
            return CompletableFuture.runAsync(() -> { }, CompletableFuture.delayedExecutor(MOVING_PAUSE.toMillis(),
                    java.util.concurrent.TimeUnit.MILLISECONDS)).thenCompose(ignored -> attempt(path, type, askedAtNanos));
        });
    }

    private static Throwable cause(Throwable error) {
        return error instanceof java.util.concurrent.CompletionException && error.getCause() != null ? error.getCause() : error;
    }

    private <T> CompletableFuture<Lookup<T>> ask(List<String> order, int index, String path, JavaType type) {
        String base = order.get(index);
        return this.<T>get(base, path, type).whenComplete((answer, error) -> {
            if (error == null) unreachableSince.remove(base);
            else if (unreachable(error)) unreachableSince.put(base, System.nanoTime());
        }).exceptionallyCompose(error -> unreachable(error) && index + 1 < order.size()
                ? ask(order, index + 1, path, type) : CompletableFuture.failedFuture(error));
    }

    private static boolean unreachable(Throwable error) {
        for (Throwable cause = error; cause != null; cause = cause.getCause()) {
            if (cause instanceof HttpGetPool.ConnectFailed || cause instanceof HttpGetPool.ConnectionLost) return true;
        }
        return false;
    }

    private <T> CompletableFuture<Lookup<T>> get(String base, String path, JavaType type) {
        HttpGetPool pool = pools.computeIfAbsent(base, b -> new HttpGetPool(worker, buffers, URI.create(b),
                CONNECTIONS_PER_INSTANCE, bounds.timeout(), bounds.deadline(), bounds.maxQueued(), credential.headerValue()));
        return pool.get(path)
                .handle((response, error) -> {
                    if (error != null) {
                        Throwable cause = cause(error);
                        if (cause instanceof java.util.concurrent.RejectedExecutionException) {
                            throw new StateUnavailableException("state query API behind: " + cause.getMessage(), cause);
                        }
                        throw new StateUnavailableException("state query API unreachable at " + base + path + ": " + cause, cause);
                    }
                    int status = response.status();
                    if (status == 404) return new Lookup.Missing<T>(message(response.body()));
                    if (status == 403) return new Lookup.Forbidden<T>(message(response.body()));
                    if (status == 503) throw new StoreMoving(path, message(response.body()));
                    if (status != 200) {
                        throw new StateUnavailableException("state query API answered " + status + " for " + path
                                + ": " + message(response.body()));
                    }
                    try {
                        return new Lookup.Found<T>(Json.MAPPER.readValue(response.body(), type));
                    } catch (IOException e) {
                        throw new StateUnavailableException("unreadable answer for " + path, e);
                    }
                });
    }

    /** The API answered 503: the key's store is not readable at the moment (moving, restoring, not yet served). */
    private static final class StoreMoving extends StateUnavailableException {
        private static final long serialVersionUID = 1L;

        StoreMoving(String path, String message) {
            super("state query API answered 503 for " + path + ": " + message);
        }
    }

    private static String message(String body) {
        try {
            JsonNode node = Json.MAPPER.readTree(body);
            return node.path("message").asText("");
        } catch (IOException e) {
            return "";
        }
    }
}
