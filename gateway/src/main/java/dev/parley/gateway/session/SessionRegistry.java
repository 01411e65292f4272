package dev.parley.gateway.session;

import dev.parley.gateway.metrics.GatewayMetrics;
import dev.parley.gateway.protocol.Shard;
import dev.parley.schemas.guild.User;
import dev.parley.schemas.session.ClientProperties;
import dev.parley.schemas.session.Presence;
import dev.parley.schemas.session.SessionCheckpoint;

import java.security.SecureRandom;
import java.util.Collection;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The gateway's sessions by id. Dropped sessions stay here, resumable, for the resume window; a sweeper then
 * ends them. Every end is published once through {@link SessionLifecycle}. Thread-safe.
 */
public final class SessionRegistry implements AutoCloseable {
    private static final SecureRandom RANDOM = new SecureRandom();
    /** Random bytes of a session id (written as hex). */
    private static final int SESSION_ID_BYTES = 16;
    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(SessionRegistry.class);

    private final Map<String, GatewaySession> sessions = new ConcurrentHashMap<>();
    private final Map<Long, Set<GatewaySession>> byUser = new ConcurrentHashMap<>();
    private final SessionLimits limits;
    private final SessionLifecycle lifecycle;
    private final GatewayMetrics stats;
    private final ScheduledExecutorService sweeper;
    private volatile java.util.function.Consumer<GatewaySession> endListener = session -> { };

    public SessionRegistry(SessionLimits limits, SessionLifecycle lifecycle, GatewayMetrics stats) {
        this.limits = limits;
        this.stats = stats;
        this.lifecycle = lifecycle;
        this.sweeper = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "session-expiry");
            thread.setDaemon(true);
            return thread;
        });
        long period = Math.max(10, Math.min(1000, limits.resumeWindow().toMillis() / 4));
        sweeper.scheduleWithFixedDelay(this::expire, period, period, TimeUnit.MILLISECONDS);
    }

    /**
     * Creates and announces a session, unless the user already has {@code maxPerUser} sessions here (checked and
     * counted at once, so a burst of IDENTIFYs cannot overshoot).
     *
     * @param startedAt when the start was admitted (epoch ms), the time its {@code SessionStarted} carries
     * @return the session, or null when the user has too many
     */
    GatewaySession create(User user, long intents, Shard shard, int largeThreshold, ClientProperties properties,
                          long tokenGeneration, Presence presence, SessionTransport transport, long startedAt,
                          int maxPerUser) {
        byte[] id = new byte[SESSION_ID_BYTES];
        RANDOM.nextBytes(id);
        GatewaySession session = new GatewaySession(HexFormat.of().formatHex(id), user, intents, shard, largeThreshold,
                properties, tokenGeneration, presence == null ? Presence.online() : presence, limits, stats, transport);
        if (!addForUser(session, maxPerUser)) return null;
        sessions.put(session.id(), session);
        log.debug("session {} of user {} started", session.id(), user.id());
        lifecycle.started(session, startedAt);
        return session;
    }

    /**
     * Creates, under its id, a session another gateway held, from its checkpoint (started by
     * {@link GatewaySession#resumeRebuilt}); announced as resumed once it is. Null when a session with that id is
     * here already, or the user already has {@code maxPerUser} sessions here.
     */
    GatewaySession adopt(SessionCheckpoint checkpoint, User user, int maxPerUser) {
        GatewaySession session = new GatewaySession(checkpoint.sessionId(), user, checkpoint.intents(),
                new Shard(checkpoint.shardId(), checkpoint.shardCount()), checkpoint.largeThreshold(),
                checkpoint.properties(), checkpoint.tokenGeneration(), Presence.online(), limits, stats, null);
        if (sessions.putIfAbsent(session.id(), session) != null) return null;
        if (!addForUser(session, maxPerUser)) {
            sessions.remove(session.id(), session);
            return null;
        }
        log.debug("session {} of user {} adopted from gateway {}", session.id(), user.id(), checkpoint.gatewayId());
        return session;
    }

    /** Whether {@code id} is a session id as this gateway makes them (32 hex digits). */
    static boolean isSessionId(String id) {
        if (id == null || id.length() != SESSION_ID_BYTES * 2) return false;
        for (int i = 0; i < id.length(); i++) {
            if (Character.digit(id.charAt(i), 16) < 0) return false;
        }
        return true;
    }

    /** The live session with this id, or null. */
    public GatewaySession find(String id) {
        return id == null ? null : sessions.get(id);
    }

    /** Ends {@code session} at an operator's request: its client gets INVALID_SESSION. */
    public void endByOperator(GatewaySession session) {
        end(session, null, "ended-by-operator");
    }

    /**
     * Ends every session of {@code userId} identified with a token older than {@code generation} (their tokens were
     * revoked): attached clients are closed with 4004. Any thread.
     *
     * @return how many sessions it ended
     */
    public int endRevoked(long userId, long generation) {
        int ended = 0;
        for (GatewaySession session : List.copyOf(sessionsOf(userId))) {
            if (session.tokenGeneration() < generation && session.endForRevokedToken()) {
                forget(session, "token-revoked");
                ended++;
            }
        }
        if (ended > 0) log.info("tokens of user {} revoked: {} session(s) closed", userId, ended);
        return ended;
    }

    /** The session's client changed its presence (op 3). */
    void presenceChanged(GatewaySession session, dev.parley.schemas.session.Presence presence) {
        session.presence(presence);
        lifecycle.presenceChanged(session);
    }

    void resumed(GatewaySession session) {
        lifecycle.resumed(session);
    }

    /**
     * Ends {@code session} for good (once), with {@code reason}, on behalf of {@code by} (see
     * {@link GatewaySession#end}); null means the gateway itself.
     */
    void end(GatewaySession session, SessionTransport by, String reason) {
        if (session.end(by)) forget(session, reason);
    }

    /** Adds {@code session} to its user's, unless the user has {@code maxPerUser} here already; whether it was. */
    private boolean addForUser(GatewaySession session, int maxPerUser) {
        boolean[] added = new boolean[1];
        byUser.compute(session.user().id(), (u, set) -> {
            if (set != null && set.size() >= maxPerUser || maxPerUser < 1) return set;
            Set<GatewaySession> mine = set == null ? ConcurrentHashMap.newKeySet() : set;
            added[0] = mine.add(session);
            return mine;
        });
        return added[0];
    }

    private void forget(GatewaySession session, String reason) {
        log.debug("session {} of user {} ended: {}", session.id(), session.user().id(), reason);
        sessions.remove(session.id(), session);
        byUser.computeIfPresent(session.user().id(), (id, set) -> {
            set.remove(session);
            return set.isEmpty() ? null : set;
        });
        lifecycle.ended(session, reason);
        endListener.accept(session);
    }

    /** Called with every session that ends, after it left the registry (the fan-out drops it). */
    public void onEnd(java.util.function.Consumer<GatewaySession> listener) {
        this.endListener = listener;
    }

    /** Ends every session: the gateway is stopping. */
    public void endAll(String reason) {
        for (GatewaySession session : List.copyOf(sessions.values())) end(session, null, reason);
    }

    /** This gateway's live sessions of {@code userId} (empty when none). */
    public Set<GatewaySession> sessionsOf(long userId) {
        Set<GatewaySession> found = byUser.get(userId);
        return found == null ? Set.of() : found;
    }

    public Collection<GatewaySession> all() {
        return List.copyOf(sessions.values());
    }

    public int size() {
        return sessions.size();
    }

    private void expire() {
        long now = System.nanoTime();
        long window = limits.resumeWindow().toNanos();
        for (GatewaySession session : sessions.values()) {
            try {
                if (session.endIfExpired(now, window)) forget(session, "expired");
            } catch (RuntimeException e) {
                log.warn("could not expire session {}: {}", session.id(), e.toString());
            }
        }
    }

    @Override
    public void close() {
        sweeper.shutdownNow();
    }
}
