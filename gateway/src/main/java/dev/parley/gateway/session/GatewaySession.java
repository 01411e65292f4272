package dev.parley.gateway.session;

import dev.parley.gateway.protocol.Dispatch;
import dev.parley.gateway.fanout.FanoutSession;
import dev.parley.gateway.metrics.GatewayMetrics;
import dev.parley.gateway.protocol.Shard;
import dev.parley.gateway.protocol.V10JsonCodec;
import dev.parley.schemas.guild.User;
import dev.parley.schemas.session.ClientProperties;
import dev.parley.schemas.session.Presence;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * One identified Gateway v10 session: who it is, what it asked for, and its dispatch sequence. It outlives its
 * connection: after a drop it stays resumable until {@link SessionRegistry} expires it, buffering dispatches
 * for RESUME meanwhile.
 *
 * <p>Until {@link #start} sends READY, dispatches are held back, so READY is always {@code s = 1}.
 *
 * <p>Thread-safe: dispatches arrive from Kafka threads, resumes and drops from I/O threads; each mutation holds
 * the session's lock, so frames reach the client in sequence order.
 */
public final class GatewaySession implements FanoutSession {
    /** How a RESUME went. */
    enum ResumeOutcome { RESUMED, INVALID_SEQ, NOT_COVERED, ENDED }

    private static final byte[] RESUMED_PAYLOAD = "{}".getBytes(StandardCharsets.US_ASCII);

    private final String id;
    private final User user;
    private final long intents;
    private final Shard shard;
    private final int largeThreshold;
    private final ClientProperties properties;
    private final long tokenGeneration;
    private final ReplayBuffer replay;
    private volatile Presence presence;
    private long sequence;
    private SessionTransport transport;
    private long detachedAtNanos;
    private boolean ended;
    private List<Held> held = new ArrayList<>();
    /** Sheddable dispatches kept back while the client's queue is congested, the latest per key; null when none. */
    private java.util.LinkedHashMap<DeferredKey, Dispatch> deferred;
    private final GatewayMetrics metrics;
    private long shedCount;

    private record Held(long guildId, Dispatch dispatch) {
    }

    private record DeferredKey(long guildId, String type, long key) {
    }

    /** @param tokenGeneration the token generation of the token that identified the session */
    GatewaySession(String id, User user, long intents, Shard shard, int largeThreshold, ClientProperties properties,
                   long tokenGeneration, Presence presence, SessionLimits limits, GatewayMetrics metrics,
                   SessionTransport transport) {
        this.tokenGeneration = tokenGeneration;
        this.metrics = metrics;
        this.id = id;
        this.user = user;
        this.intents = intents;
        this.shard = shard;
        this.largeThreshold = largeThreshold;
        this.properties = properties;
        this.presence = presence;
        this.replay = new ReplayBuffer(limits.replayBufferEvents(), limits.replayBufferBytes());
        this.transport = transport;
        this.detachedAtNanos = System.nanoTime();
    }

    @Override
    public String id() {
        return id;
    }

    public User user() {
        return user;
    }

    @Override
    public long userId() {
        return user.id();
    }

    @Override
    public long intents() {
        return intents;
    }

    @Override
    public Shard shard() {
        return shard;
    }

    @Override
    public int largeThreshold() {
        return largeThreshold;
    }

    public ClientProperties properties() {
        return properties;
    }

    /** The token generation of the token that identified this session; a revocation past it ends the session. */
    public long tokenGeneration() {
        return tokenGeneration;
    }

    public Presence presence() {
        return presence;
    }

    void presence(Presence presence) {
        this.presence = presence;
    }

    /**
     * Sends READY and then each of {@code first} (e.g. the GUILD_CREATEs), then whatever was dispatched while the
     * session was starting, in order, except what belongs to the guilds in {@code dropped} (the session turned out
     * not to be a member).
     */
    public synchronized void start(byte[] readyPayload, List<Dispatch> first, java.util.Set<Long> dropped) {
        if (ended || held == null) return;
        List<Held> waiting = held;
        held = null;
        send(Dispatch.of("READY", readyPayload));
        for (Dispatch dispatch : first) send(dispatch);
        for (Held h : waiting) {
            if (h.guildId == 0 || !dropped.contains(h.guildId)) dispatch(h.guildId, h.dispatch);
        }
    }

    /** Whether READY was sent (the client may hold this session's id, and resume it). */
    public synchronized boolean readySent() {
        return held == null;
    }

    /** Whether the session has ended; nothing more is delivered to it. */
    @Override
    public synchronized boolean isEnded() {
        return ended;
    }

    /** As {@link #dispatch(long, Dispatch)} for a dispatch of no guild that is never shed. */
    public synchronized long dispatch(String type, byte[] payload) {
        return dispatch(0, Dispatch.of(type, payload));
    }

    /** As {@link #dispatch(long, Dispatch)} for a dispatch that is never shed. */
    public synchronized long dispatch(long guildId, String type, byte[] payload) {
        return dispatch(guildId, Dispatch.of(type, payload));
    }

    /**
     * Sends a dispatch of guild {@code guildId} (0: of no guild): it takes the next sequence number, is kept for
     * RESUME and, if a client is attached, queued for it. Before READY it is held back. While the client's queue is
     * congested it may be shed as {@link Dispatch#shedding()} allows: dropped, or kept as the latest of its key and
     * sent once the queue has drained.
     *
     * @return the sequence number given, 0 while held back or shed, or -1 when the session has ended
     */
    @Override
    public synchronized long dispatch(long guildId, Dispatch dispatch) {
        if (ended) return -1;
        if (held != null) {
            held.add(new Held(guildId, dispatch));
            return 0;
        }
        if (dispatch.shedding() != Dispatch.Shedding.NEVER && transport != null && (transport.congested()
                || (deferred != null && dispatch.shedding() == Dispatch.Shedding.LATEST))) { // no overtaking what is kept
            shed(guildId, dispatch);
            return 0;
        }
        return send(dispatch);
    }

    private long send(Dispatch dispatch) {
        metrics.dispatched(dispatch.type());
        long s = ++sequence;
        replay.add(s, dispatch);
        if (transport != null) transport.send(s, dispatch);
        return s;
    }

    private void shed(long guildId, Dispatch dispatch) {
        shedCount++;
        if (dispatch.shedding() == Dispatch.Shedding.DROP) {
            metrics.typingDropped();
            return;
        }
        if (deferred == null) deferred = new java.util.LinkedHashMap<>();
        if (deferred.put(new DeferredKey(guildId, dispatch.type(), dispatch.coalesceKey()), dispatch) != null) {
            metrics.presenceCoalesced();
        }
    }

    /**
     * {@code from}'s queue has drained: sends the dispatches kept while it was congested, oldest first, until it is
     * congested again. Called on the transport's I/O thread, outside its locks.
     */
    synchronized void relieved(SessionTransport from) {
        if (ended || transport != from || deferred == null) return;
        var entries = deferred.values().iterator();
        while (entries.hasNext() && !from.congested()) {
            Dispatch next = entries.next();
            entries.remove();
            send(next);
        }
        if (deferred.isEmpty()) deferred = null;
    }

    @Override
    public synchronized boolean keepsBack() {
        return deferred != null;
    }

    /** Forgets what was kept back of guild {@code guildId}: the session no longer receives it. */
    @Override
    public synchronized void forgetDeferred(long guildId) {
        if (deferred != null) deferred.keySet().removeIf(key -> key.guildId == guildId);
    }

    /** The last sequence number given. */
    public synchronized long sequence() {
        return sequence;
    }

    /**
     * Attaches {@code to} and replays every dispatch after {@code seq}, in order, then RESUMED. A connection still
     * attached is told it was replaced.
     */
    synchronized ResumeOutcome resume(SessionTransport to, long seq) {
        if (ended || held != null) return ResumeOutcome.ENDED;
        if (seq > sequence || seq < 0) return ResumeOutcome.INVALID_SEQ;
        List<Dispatch> missed = replay.after(seq, sequence);
        if (missed == null) return ResumeOutcome.NOT_COVERED;
        if (transport != null && transport != to) transport.replaced();
        transport = to;
        long s = seq;
        for (Dispatch dispatch : missed) to.replay(++s, dispatch);
        send(Dispatch.of("RESUMED", RESUMED_PAYLOAD));
        if (deferred != null) relieved(to);
        return ResumeOutcome.RESUMED;
    }

    /**
     * Starts this session, rebuilt from another gateway's checkpoint, where its client left it: attaches {@code to},
     * sends {@code missed} numbered from {@code seq + 1} (what the client missed; they are also kept for a later
     * RESUME), then RESUMED. Called before anything else is dispatched to the session.
     *
     * @return false when the session has ended meanwhile (nothing was sent)
     */
    synchronized boolean resumeRebuilt(SessionTransport to, long seq, List<Dispatch> missed) {
        if (ended) return false;
        held = null;
        sequence = seq;
        transport = to;
        for (Dispatch dispatch : missed) {
            long s = ++sequence;
            replay.add(s, dispatch);
            to.replay(s, dispatch);
        }
        send(Dispatch.of("RESUMED", RESUMED_PAYLOAD));
        return true;
    }

    /** Detaches {@code from} if it is the current transport; the session stays resumable. */
    synchronized void detach(SessionTransport from, long nowNanos) {
        if (transport == from) {
            transport = null;
            detachedAtNanos = nowNanos;
        }
    }

    /** Ends the session if no client has been attached for longer than {@code windowNanos}; true if it ended. */
    synchronized boolean endIfExpired(long nowNanos, long windowNanos) {
        if (ended || transport != null || nowNanos - detachedAtNanos <= windowNanos) return false;
        ended = true;
        return true;
    }

    /**
     * Ends the session on behalf of {@code by} (the connection whose client ended it, or null for the gateway):
     * does nothing when another connection has resumed it since. A different attached connection is told.
     *
     * @return true if this call ended it
     */
    synchronized boolean end(SessionTransport by) {
        if (ended || (by != null && transport != null && transport != by)) return false;
        ended = true;
        if (transport != null && transport != by) transport.sessionEnded();
        transport = null;
        return true;
    }

    /**
     * Ends the session because the token that identified it no longer holds: an attached client is closed with 4004
     * (Authentication failed), a detached one can no longer resume.
     *
     * @return true if this call ended it
     */
    synchronized boolean endForRevokedToken() {
        if (ended) return false;
        ended = true;
        if (transport != null) transport.tokenRevoked();
        transport = null;
        return true;
    }

    /** What an operator sees of this session; {@code guildCount} comes from the fan-out. */
    public synchronized SessionView view(int guildCount) {
        SessionTransport t = transport;
        return new SessionView(id, user.id(), user.username(), user.bot(), intents, shard.id(), shard.count(),
                guildCount, sequence, t != null, t == null ? 0 : t.queuedBytes(), t == null ? -1 : t.heartbeatAgeMillis(),
                shedCount, deferred == null ? 0 : deferred.size(), presence.status(), properties.os(), properties.browser(),
                ended);
    }

    /** Closes the attached connection with 4000 (the client may resume); false when none is attached. */
    public synchronized boolean disconnect(String reason) {
        if (transport == null) return false;
        transport.disconnect(reason);
        return true;
    }

    synchronized boolean attached() {
        return transport != null;
    }
}
