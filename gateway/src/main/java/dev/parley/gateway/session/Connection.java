package dev.parley.gateway.session;

import dev.parley.gateway.auth.TokenClaims;
import dev.parley.gateway.metrics.GatewayMetrics;
import dev.parley.gateway.protocol.ClientCommand;
import dev.parley.gateway.protocol.CloseCode;
import dev.parley.gateway.protocol.DecodeException;
import dev.parley.gateway.protocol.Identify;
import dev.parley.gateway.protocol.Intents;
import dev.parley.gateway.protocol.RequestGuildMembers;
import dev.parley.gateway.protocol.Resume;
import dev.parley.gateway.protocol.Shard;
import dev.parley.gateway.protocol.V10JsonCodec;
import dev.parley.schemas.guild.User;
import dev.parley.schemas.session.SessionStarts;
import io.undertow.websockets.core.CloseMessage;
import io.undertow.websockets.core.WebSocketCallback;
import io.undertow.websockets.core.WebSocketChannel;
import io.undertow.websockets.core.WebSockets;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xnio.IoUtils;
import org.xnio.XnioExecutor;
import org.xnio.XnioIoThread;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;

/**
 * One WebSocket connection speaking Gateway v10: HELLO, heartbeats, the rate limit, IDENTIFY and RESUME, and the
 * close codes. An IDENTIFY passes the {@link Admission} limits in order (sessions per user, its {@code max_concurrency}
 * slot, for which it may be held, then the daily session starts once the user is read), each refusing with 4008; a
 * connection that sends neither IDENTIFY nor RESUME within {@code gateway.identify-timeout} is closed with 4003. Its state is confined to the connection's I/O thread ({@link #onMessage} and the timers run there;
 * asynchronous answers are handed back to it); {@link #send} may be called from any thread. Frames go through an
 * {@link Outbox} bounded by {@code gateway.outbound.queue-bytes} and are encoded and written on the I/O thread.
 *
 * <p>IDENTIFY and RESUME accept a token only while it holds (genuine, of an existing user, at the user's current
 * token generation, read afresh from the user state app); otherwise they close with 4004.
 */
final class Connection implements SessionTransport {
    private static final Logger log = LoggerFactory.getLogger(Connection.class);
    private static final long CLOSE_LINGER_MILLIS = 1000;
    private static final long CLOSE_DEADLINE_MILLIS = 5000;

    private enum State { AWAITING_IDENTIFY, IDENTIFYING, RESUMING, ACTIVE }

    private final WebSocketChannel channel;
    private final XnioIoThread io;
    private final GatewayContext context;
    private final SessionLimits limits;
    private final ZlibStream zlib;
    private final SessionStarter starter;
    private final MemberRequests memberRequests;
    private final Outbox outbox;
    private final WebSocketCallback<Integer> written = new WebSocketCallback<>() {
        @Override
        public void complete(WebSocketChannel channel, Integer bytes) {
            outbox.written(bytes);
        }

        @Override
        public void onError(WebSocketChannel channel, Integer bytes, Throwable throwable) {
            outbox.written(bytes);
        }
    };

    private State state = State.AWAITING_IDENTIFY;
    private GatewaySession session;
    private volatile long lastHeartbeatNanos;
    private boolean heartbeatRequested;
    private XnioExecutor.Key heartbeatTimer;
    private XnioExecutor.Key identifyDeadline;
    private StartGate.Permit startPermit;
    private long windowStartNanos;
    private int windowCount;

    private volatile boolean closing;
    private volatile boolean replaced;
    private volatile int clientCloseCode = -1;
    private volatile CloseCode closedWith;

    Connection(WebSocketChannel channel, GatewayContext context, boolean zlibStream) {
        this.channel = channel;
        this.io = channel.getIoThread();
        this.context = context;
        this.limits = context.limits();
        this.zlib = zlibStream ? new ZlibStream() : null;
        this.starter = new SessionStarter(context);
        this.memberRequests = new MemberRequests(context);
        this.outbox = new Outbox(io, this::write, limits.outboundQueueBytes(), limits.outboundBatchBytes(),
                context.metrics(), this::relieved);
    }

    /** Greets the client with HELLO and starts the heartbeat clock. I/O thread. */
    void open() {
        context.connections().add(this);
        long now = System.nanoTime();
        lastHeartbeatNanos = now;
        windowStartNanos = now;
        send(V10JsonCodec.hello(limits.heartbeatInterval().toMillis()));
        scheduleHeartbeatCheck(nudgeNanos());
        awaitIdentify();
    }

    /** Gives the client {@code gateway.identify-timeout} to send IDENTIFY or RESUME, then closes with 4003. I/O thread. */
    private void awaitIdentify() {
        cancelIdentifyDeadline();
        Duration timeout = context.admission().identifyTimeout();
        identifyDeadline = io.executeAfter(() -> {
            if (closing || state != State.AWAITING_IDENTIFY) return;
            context.metrics().refused("identify_timeout");
            close(CloseCode.NOT_AUTHENTICATED, "no IDENTIFY or RESUME within " + timeout.toSeconds() + " s");
        }, Math.max(1, timeout.toMillis()), TimeUnit.MILLISECONDS);
    }

    private void cancelIdentifyDeadline() {
        if (identifyDeadline != null) {
            identifyDeadline.remove();
            identifyDeadline = null;
        }
    }

    /** One complete client payload. I/O thread. */
    void onMessage(byte[] data, int length) {
        if (closing) return;
        if (!withinRateLimit()) {
            close(CloseCode.RATE_LIMITED, "over " + limits.rateLimitCommands() + " commands in "
                    + limits.rateLimitWindow().toSeconds() + " s");
            return;
        }
        ClientCommand command;
        try {
            command = V10JsonCodec.decode(data, length);
        } catch (DecodeException e) {
            close(e.closeCode(), e.getMessage());
            return;
        }
        handle(command);
    }

    /** The client sent more than the payload limit. I/O thread. */
    void onTooLarge() {
        close(CloseCode.DECODE_ERROR, "payload over " + limits.payloadMaxBytes() + " bytes");
    }

    /** The client sent a close frame with {@code code}. */
    void onClientClose(int code) {
        log.debug("client sent close {}", code);
        clientCloseCode = code;
    }

    private void handle(ClientCommand command) {
        if (command instanceof ClientCommand.Heartbeat) {
            lastHeartbeatNanos = System.nanoTime();
            heartbeatRequested = false;
            send(V10JsonCodec.heartbeatAck());
        } else if (command instanceof Identify identify) {
            identify(identify);
        } else if (command instanceof Resume resume) {
            resume(resume);
        } else if (session == null) {
            close(CloseCode.NOT_AUTHENTICATED, "send IDENTIFY or RESUME first");
        } else if (command instanceof ClientCommand.PresenceUpdate update) {
            context.registry().presenceChanged(session, update.presence());
        } else if (command instanceof RequestGuildMembers request) {
            memberRequests.answer(session, request);
        }
        // VOICE_STATE_UPDATE: no voice here.
    }

    private void identify(Identify identify) {
        if (state != State.AWAITING_IDENTIFY) {
            close(CloseCode.ALREADY_AUTHENTICATED, "already identified");
            return;
        }
        Optional<TokenClaims> claims = context.tokens().verify(identify.token());
        if (claims.isEmpty()) {
            close(CloseCode.AUTHENTICATION_FAILED, "invalid token");
            return;
        }
        long undefined = identify.intents() & ~Intents.DEFINED;
        if (identify.intents() < 0 || undefined != 0) {
            close(CloseCode.INVALID_INTENTS, "undefined intent bits " + Long.toBinaryString(undefined));
            return;
        }
        Shard shard = identify.shard() == null ? Shard.ONLY : identify.shard();
        if (!shard.isValid()) {
            close(CloseCode.INVALID_SHARD, "shard [" + shard.id() + ", " + shard.count() + "] is invalid");
            return;
        }
        state = State.IDENTIFYING;
        cancelIdentifyDeadline();
        TokenClaims token = claims.get();
        long user = token.userId();
        Admission admission = context.admission();
        if (context.registry().sessionsOf(user).size() >= admission.sessionsPerUser()) {
            refuseSessionsPerUser();
            return;
        }
        long hold = admission.identifySlots().reserve(user, shard.id());
        if (hold < 0) {
            context.metrics().refused("identify_concurrency");
            close(CloseCode.RATE_LIMITED, "IDENTIFY rate limited: max_concurrency " + admission.identifySlots().maxConcurrency()
                    + "; next slot in " + inWords(admission.identifySlots().untilFree(user, shard.id())));
        } else if (hold == 0) {
            enterStartGate(identify, shard, token);
        } else {
            io.executeAfter(() -> {
                if (!closing) enterStartGate(identify, shard, token);
            }, hold, TimeUnit.MILLISECONDS);
        }
    }

    /** The IDENTIFY's slot has come: it waits its turn to read the state apps. I/O thread. */
    private void enterStartGate(Identify identify, Shard shard, TokenClaims token) {
        boolean admitted = context.startGate().enter(permit -> onIoThread(() -> lookUpUser(identify, shard, token, permit),
                permit));
        if (!admitted) close(CloseCode.UNKNOWN_ERROR, "gateway busy starting sessions; reconnect later");
    }

    private void refuseSessionsPerUser() {
        context.metrics().refused("sessions_per_user");
        close(CloseCode.RATE_LIMITED, "over " + context.admission().sessionsPerUser()
                + " sessions of this user on this gateway; end one first");
    }

    /** A user (empty when the token no longer holds: revoked, or an unknown user) and the session starts counted for it. */
    private record Starting(Optional<User> user, SessionStarts starts) {
    }

    /**
     * This connection's turn to start its session has come: reads the user, their token generation and their session
     * starts. I/O thread.
     */
    private void lookUpUser(Identify identify, Shard shard, TokenClaims token, StartGate.Permit permit) {
        startPermit = permit;
        if (closing) {
            releaseStart();
            return;
        }
        long userId = token.userId();
        context.state().user(userId)
                .thenCombine(context.state().tokenGeneration(userId), (user, current) ->
                        current.isPresent() && current.getAsLong() == token.generation() ? user : Optional.<User>empty())
                .thenCombine(context.state().sessionStarts(userId), Starting::new)
                .whenComplete((starting, error) -> onIoThread(() -> finishIdentify(identify, shard, token, starting, error),
                        permit));
    }

    /** Gives back this connection's turn to start a session, if it holds one. I/O thread. */
    private void releaseStart() {
        if (startPermit != null) {
            startPermit.release();
            startPermit = null;
        }
    }

    private void finishIdentify(Identify identify, Shard shard, TokenClaims token, Starting starting, Throwable error) {
        if (closing) {
            releaseStart();
            return;
        }
        if (error != null) {
            log.warn("IDENTIFY failed: {}", error.getMessage());
            releaseStart();
            close(CloseCode.UNKNOWN_ERROR, "user state unavailable; reconnect");
            return;
        }
        if (starting.user().isEmpty()) {
            releaseStart();
            close(CloseCode.AUTHENTICATION_FAILED, "token revoked, or unknown user");
            return;
        }
        User user = starting.user().get();
        long refused = context.grants().refused(user.id(), user.bot(), identify.intents());
        if (refused != 0) {
            releaseStart();
            close(CloseCode.DISALLOWED_INTENTS, "privileged intents not granted: " + refused);
            return;
        }
        SessionStartLimit.Admission start = context.admission().sessionStarts().admit(user.id(), starting.starts());
        if (!start.admitted()) {
            releaseStart();
            context.metrics().refused("session_starts");
            close(CloseCode.RATE_LIMITED, "session start limit reached (session_start_limit.total); resets in "
                    + inWords(start.resetAfterMillis()));
            return;
        }
        GatewaySession started = context.registry().create(user, identify.intents(), shard, identify.largeThreshold(),
                identify.properties(), token.generation(), identify.presence(), this, start.at(),
                context.admission().sessionsPerUser());
        if (started == null) {
            context.admission().sessionStarts().cancel(user.id(), start.at());
            releaseStart();
            refuseSessionsPerUser();
            return;
        }
        session = started;
        StartGate.Permit permit = startPermit;
        starter.start(started).whenComplete((ready, failure) -> onIoThread(() -> {
            releaseStart();
            if (session != started) return;
            if (failure == null) {
                state = State.ACTIVE;
                context.metrics().identified();
            } else if (unwrap(failure) instanceof TokenRevokedException) {
                context.registry().end(started, null, "token-revoked");
                session = null;
                close(CloseCode.AUTHENTICATION_FAILED, "token revoked");
            } else {
                log.warn("READY for session {} failed: {}", started.id(), failure.getMessage());
                context.registry().end(started, null, "ready-failed");
                session = null;
                close(CloseCode.UNKNOWN_ERROR, "guild state unavailable; reconnect");
            }
        }, permit));
    }

    private void resume(Resume resume) {
        if (state != State.AWAITING_IDENTIFY) {
            close(CloseCode.ALREADY_AUTHENTICATED, "already identified");
            return;
        }
        Optional<TokenClaims> claims = context.tokens().verify(resume.token());
        if (claims.isEmpty()) {
            close(CloseCode.AUTHENTICATION_FAILED, "invalid token");
            return;
        }
        state = State.RESUMING;
        TokenClaims token = claims.get();
        context.state().tokenGeneration(token.userId()).whenComplete((current, error) ->
                onIoThread(() -> finishResume(resume, token, current, error)));
    }

    /** The RESUME's token was looked up: resume if it holds. I/O thread. */
    private void finishResume(Resume resume, TokenClaims token, OptionalLong current, Throwable error) {
        if (closing) return;
        if (error != null) {
            log.warn("RESUME failed: {}", error.getMessage());
            close(CloseCode.UNKNOWN_ERROR, "user state unavailable; resume again");
            return;
        }
        if (current.isEmpty() || current.getAsLong() != token.generation()) {
            close(CloseCode.AUTHENTICATION_FAILED, "token revoked, or unknown user");
            return;
        }
        state = State.AWAITING_IDENTIFY;
        GatewaySession found = context.registry().find(resume.sessionId());
        if (found == null || found.user().id() != token.userId()) {
            context.metrics().resumed("unknown");
            send(V10JsonCodec.invalidSession(false));
            awaitIdentify();
            return;
        }
        GatewaySession.ResumeOutcome outcome = found.resume(this, resume.seq());
        context.metrics().resumed(outcome.name().toLowerCase(java.util.Locale.ROOT));
        switch (outcome) {
            case RESUMED -> {
                session = found;
                state = State.ACTIVE;
                cancelIdentifyDeadline();
                context.registry().resumed(found);
            }
            case INVALID_SEQ -> {
                context.registry().end(found, null, "invalid-seq");
                close(CloseCode.INVALID_SEQ, "seq " + resume.seq() + " is not a sequence number of this session");
            }
            case NOT_COVERED -> {
                context.registry().end(found, null, "replay-lost");
                send(V10JsonCodec.invalidSession(false));
                awaitIdentify();
            }
            case ENDED -> {
                send(V10JsonCodec.invalidSession(false));
                awaitIdentify();
            }
        }
    }

    /** A wait for a close reason: {@code 4 s}, {@code 3 min}, {@code 5 h 12 min}. */
    private static String inWords(long millis) {
        long s = (millis + 999) / 1000;
        if (s < 120) return s + " s";
        long m = (s + 59) / 60;
        return m < 120 ? m + " min" : m / 60 + " h " + m % 60 + " min";
    }

    private boolean withinRateLimit() {
        long now = System.nanoTime();
        if (now - windowStartNanos >= limits.rateLimitWindow().toNanos()) {
            windowStartNanos = now;
            windowCount = 0;
        }
        return ++windowCount <= limits.rateLimitCommands();
    }

    private long nudgeNanos() {
        return limits.heartbeatInterval().toNanos() + limits.heartbeatGrace().toNanos() / 2;
    }

    private void scheduleHeartbeatCheck(long delayNanos) {
        heartbeatTimer = io.executeAfter(this::checkHeartbeat, Math.max(1, delayNanos), TimeUnit.NANOSECONDS);
    }

    private void checkHeartbeat() {
        if (closing) return;
        long since = System.nanoTime() - lastHeartbeatNanos;
        long deadline = limits.heartbeatInterval().toNanos() + limits.heartbeatGrace().toNanos();
        if (since >= deadline) {
            close(CloseCode.SESSION_TIMED_OUT, "no heartbeat within " + deadline / 1_000_000 + " ms");
        } else if (since >= nudgeNanos() && !heartbeatRequested) {
            heartbeatRequested = true;
            send(V10JsonCodec.heartbeatRequest());
            scheduleHeartbeatCheck(deadline - since);
        } else {
            scheduleHeartbeatCheck((heartbeatRequested ? deadline : nudgeNanos()) - since);
        }
    }

    /** Queues a frame that is not a dispatch (HELLO, heartbeat ACK, INVALID_SESSION…); any thread. */
    void send(byte[] frame) {
        if (closing) return;
        if (!outbox.offer(frame)) overflowed();
    }

    @Override
    public boolean send(long sequence, Dispatch dispatch) {
        if (closing) return true;
        if (outbox.offer(sequence, dispatch)) return true;
        overflowed();
        return false;
    }

    @Override
    public void replay(long sequence, Dispatch dispatch) {
        if (!closing) outbox.offerReplay(sequence, dispatch);
    }

    @Override
    public boolean congested() {
        return outbox.congested();
    }

    /** The client reads too slowly for what it is sent: it may resume and catch up from the replay buffer. */
    private void overflowed() {
        context.metrics().overflowClosed();
        outbox.close(); // what is queued is dropped: the close frame goes next
        close(CloseCode.UNKNOWN_ERROR, "reading too slowly: over " + limits.outboundQueueBytes() + " bytes queued; resume");
    }

    /** Writes one encoded frame, compressed for a zlib-stream client. I/O thread, in queue order. */
    private void write(byte[] frame, int bytes, long eventTimeMillis) {
        if (!channel.isOpen()) {
            outbox.written(bytes);
            return;
        }
        if (zlib != null) {
            WebSockets.sendBinary(ByteBuffer.wrap(zlib.compress(frame)), channel, written, bytes);
        } else {
            WebSockets.sendText(ByteBuffer.wrap(frame), channel, written, bytes);
        }
        context.metrics().delivered(eventTimeMillis);
    }

    /** The outbox drained after congestion: the session sends what it kept back. I/O thread. */
    private void relieved() {
        GatewaySession current = session;
        if (current != null && !closing) current.relieved(this);
    }

    @Override
    public long queuedBytes() {
        return outbox.queuedBytes();
    }

    @Override
    public long heartbeatAgeMillis() {
        return (System.nanoTime() - lastHeartbeatNanos) / 1_000_000;
    }

    @Override
    public void disconnect(String reason) {
        close(CloseCode.UNKNOWN_ERROR, reason);
    }

    @Override
    public void replaced() {
        replaced = true;
        closeNow(CloseCode.UNKNOWN_ERROR.code(), "session resumed on another connection");
    }

    @Override
    public void tokenRevoked() {
        close(CloseCode.AUTHENTICATION_FAILED, "token revoked");
    }

    @Override
    public void sessionEnded() {
        onIoThread(() -> {
            if (closing || session == null) return;
            session = null;
            state = State.AWAITING_IDENTIFY;
            send(V10JsonCodec.invalidSession(false));
            awaitIdentify();
        });
    }

    /** Closes with a Gateway close code; whether the session survives follows {@link CloseCode#resumable()}. */
    void close(CloseCode code, String reason) {
        closedWith = code;
        closeNow(code.code(), reason);
    }

    /**
     * Sends a close frame with {@code code} after the frames already queued, and drops the connection shortly after
     * it is written, or {@value #CLOSE_DEADLINE_MILLIS} ms from now if the client does not read it. Any thread; once.
     */
    synchronized void closeNow(int code, String reason) {
        if (closing) return;
        closing = true;
        context.metrics().closed(code);
        log.debug("closing connection with {}: {}", code, reason);
        if (!outbox.offerLast(() -> sendClose(code, reason))) sendClose(code, reason);
        try {
            io.executeAfter(() -> IoUtils.safeClose(channel), CLOSE_DEADLINE_MILLIS, TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.RejectedExecutionException stopping) {
            IoUtils.safeClose(channel);
        }
    }

    private void sendClose(int code, String reason) {
        WebSockets.sendClose(new CloseMessage(code, CloseCode.fitReason(reason)), channel, new WebSocketCallback<>() {
            @Override
            public void complete(WebSocketChannel ch, Void context) {
                try {
                    io.executeAfter(() -> IoUtils.safeClose(ch), CLOSE_LINGER_MILLIS, TimeUnit.MILLISECONDS);
                } catch (java.util.concurrent.RejectedExecutionException stopping) {
                    IoUtils.safeClose(ch); // the listener is stopping: no time to linger
                }
            }

            @Override
            public void onError(WebSocketChannel ch, Void context, Throwable throwable) {
                IoUtils.safeClose(ch);
            }
        });
    }

    private static Throwable unwrap(Throwable error) {
        return error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
    }

    /** Runs {@code task} on this connection's I/O thread; dropped when the listener has already stopped. */
    private void onIoThread(Runnable task) {
        try {
            io.execute(task);
        } catch (java.util.concurrent.RejectedExecutionException e) {
            closing = true;
        }
    }

    /** As {@link #onIoThread(Runnable)}, for a task holding {@code permit}: a dropped task gives the turn back. */
    private void onIoThread(Runnable task, StartGate.Permit permit) {
        try {
            io.execute(task);
        } catch (java.util.concurrent.RejectedExecutionException e) {
            closing = true;
            java.util.concurrent.CompletableFuture.runAsync(permit::release); // not on this thread: no deep hand-over chains
        }
    }

    /** Drops the TCP connection at once, without a close frame. */
    void abort() {
        closing = true;
        IoUtils.safeClose(channel);
    }

    /**
     * The channel closed, whoever closed it. I/O thread, possibly inside a failed {@link #send} holding this
     * connection's lock: the session is therefore released in a later task, never under that lock (a session
     * calls its connection under the session's lock, so the opposite order could deadlock).
     */
    void onClosed() {
        synchronized (this) {
            closing = true;
        }
        outbox.close();
        if (zlib != null) zlib.close();
        context.connections().remove(this);
        if (heartbeatTimer != null) heartbeatTimer.remove();
        onIoThread(() -> {
            cancelIdentifyDeadline();
            releaseSession();
        });
    }

    private void releaseSession() {
        releaseStart();
        if (session == null || replaced) return;
        if (state == State.IDENTIFYING) {
            context.registry().end(session, this, "closed-before-ready");
            return;
        }
        boolean clientEnded = clientCloseCode >= 0 && CloseCode.clientCloseEndsSession(clientCloseCode);
        if (clientEnded) {
            context.registry().end(session, this, "closed");
        } else if (closedWith != null && !closedWith.resumable()) {
            context.registry().end(session, this, closedWith.name().toLowerCase(java.util.Locale.ROOT));
        } else {
            session.detach(this, System.nanoTime());
        }
    }
}
