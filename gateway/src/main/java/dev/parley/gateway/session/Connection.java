package dev.parley.gateway.session;

import dev.parley.gateway.protocol.Dispatch;
import dev.parley.gateway.protocol.ClientCommand;
import dev.parley.gateway.protocol.CloseCause;
import dev.parley.gateway.protocol.CloseCode;
import dev.parley.gateway.protocol.DecodeException;
import dev.parley.gateway.protocol.Identify;
import dev.parley.gateway.protocol.RequestGuildMembers;
import dev.parley.gateway.protocol.Resume;
import dev.parley.gateway.protocol.V10JsonCodec;
import io.undertow.websockets.core.WebSocketChannel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xnio.XnioExecutor;
import org.xnio.XnioIoThread;

import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * One WebSocket connection speaking Gateway v10: its state machine (awaiting IDENTIFY or RESUME, identifying,
 * resuming, active), HELLO, heartbeats ({@link Heartbeats}), the command rate limit ({@link CommandWindow}), the
 * dispatch of client commands, and what a close means for its session. IDENTIFY runs as an {@link IdentifyFlow}
 * (which names the {@link Admission} limits it passes, each refusing with 4008), RESUME as a {@link ResumeFlow}; both
 * accept a token only while it holds (genuine, of an existing user, at the user's current token generation),
 * otherwise they close with 4004. A connection that sends neither IDENTIFY nor RESUME within
 * {@code gateway.identify-timeout} is closed with 4003.
 *
 * <p>Its state is confined to the connection's I/O thread ({@link #onMessage} and the timers run there;
 * asynchronous answers are handed back to it by {@link ConnectionThread}); {@link #send} may be called from any
 * thread. Frames go out through its {@link ConnectionWriter}.
 */
final class Connection implements SessionTransport {
    private static final Logger log = LoggerFactory.getLogger(Connection.class);

    private enum State { AWAITING_IDENTIFY, IDENTIFYING, RESUMING, ACTIVE }

    private final XnioIoThread io;
    private final GatewayContext context;
    private final SessionLimits limits;
    private final SessionStarter starter;
    private final MemberRequests memberRequests;
    private final ConnectionWriter writer;
    private final ConnectionThread thread;
    private final Heartbeats heartbeats;
    private final CommandWindow commands;

    private State state = State.AWAITING_IDENTIFY;
    private GatewaySession session;
    /** The IDENTIFY under way, whose outcome this connection still waits for; null when none. */
    private IdentifyFlow identifying;
    private XnioExecutor.Key heartbeatTimer;
    private XnioExecutor.Key identifyDeadline;

    private volatile boolean replaced;
    private volatile int clientCloseCode = -1;

    Connection(WebSocketChannel channel, GatewayContext context, boolean zlibStream) {
        this.io = channel.getIoThread();
        this.context = context;
        this.limits = context.limits();
        this.starter = new SessionStarter(context);
        this.memberRequests = new MemberRequests(context);
        this.writer = new ConnectionWriter(channel, limits, context.metrics(), zlibStream, this::relieved);
        this.thread = new ConnectionThread(io, writer::stopped);
        this.heartbeats = new Heartbeats(limits.heartbeatInterval(), limits.heartbeatGrace(), System::nanoTime);
        this.commands = new CommandWindow(limits.rateLimitCommands(), limits.rateLimitWindow(), System::nanoTime);
    }

    /** Greets the client with HELLO and starts the heartbeat clock. I/O thread. */
    void open() {
        context.connections().add(this);
        send(V10JsonCodec.hello(limits.heartbeatInterval().toMillis()));
        scheduleHeartbeatCheck(heartbeats.firstCheckInNanos());
        awaitIdentify();
    }

    /** Gives the client {@code gateway.identify-timeout} to send IDENTIFY or RESUME, then closes with 4003. I/O thread. */
    private void awaitIdentify() {
        cancelIdentifyDeadline();
        Duration timeout = context.admission().identifyTimeout();
        identifyDeadline = io.executeAfter(() -> {
            if (writer.closing() || state != State.AWAITING_IDENTIFY) return;
            context.metrics().refused(CloseCause.IDENTIFY_TIMEOUT.label());
            close(CloseCause.IDENTIFY_TIMEOUT, "no IDENTIFY or RESUME within " + timeout.toSeconds() + " s");
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
        if (writer.closing()) return;
        if (!commands.admit()) {
            close(CloseCause.COMMAND_RATE, "over " + limits.rateLimitCommands() + " commands in "
                    + limits.rateLimitWindow().toSeconds() + " s");
            return;
        }
        ClientCommand command;
        try {
            command = V10JsonCodec.decode(data, length);
        } catch (DecodeException e) {
            close(CloseCause.of(e), e.getMessage());
            return;
        }
        handle(command);
    }

    /** The client sent more than the payload limit. I/O thread. */
    void onTooLarge() {
        close(CloseCause.PAYLOAD_TOO_LARGE, "payload over " + limits.payloadMaxBytes() + " bytes");
    }

    /** The client sent a close frame with {@code code}. */
    void onClientClose(int code) {
        log.debug("client sent close {}", code);
        clientCloseCode = code;
    }

    private void handle(ClientCommand command) {
        if (command instanceof ClientCommand.Heartbeat) {
            heartbeats.beat();
            send(V10JsonCodec.heartbeatAck());
        } else if (command instanceof Identify identify) {
            identify(identify);
        } else if (command instanceof Resume resume) {
            resume(resume);
        } else if (session == null) {
            close(CloseCause.NOT_IDENTIFIED, "send IDENTIFY or RESUME first");
        } else if (command instanceof ClientCommand.PresenceUpdate update) {
            context.registry().presenceChanged(session, update.presence());
        } else if (command instanceof RequestGuildMembers request) {
            memberRequests.answer(session, request);
        }
        // VOICE_STATE_UPDATE: no voice here.
    }

    private void identify(Identify identify) {
        if (state != State.AWAITING_IDENTIFY) {
            close(CloseCause.ALREADY_IDENTIFIED, "already identified");
            return;
        }
        state = State.IDENTIFYING;
        cancelIdentifyDeadline();
        IdentifyFlow attempt = new IdentifyFlow(context, starter, thread, this);
        identifying = attempt;
        attempt.run(identify).whenComplete((started, error) -> identified(attempt, started, error));
    }

    /** The IDENTIFY created its session, which starts now. I/O thread. */
    void starting(GatewaySession started) {
        session = started;
    }

    /**
     * How an IDENTIFY ended; ignored when it is no longer this connection's (its session ended meanwhile) or was
     * abandoned (nobody to answer; possibly not on the I/O thread, once the listener stopped). I/O thread.
     */
    private void identified(IdentifyFlow attempt, GatewaySession started, Throwable error) {
        if (identifying != attempt || error != null && IdentifyFlow.unwrap(error) instanceof AbandonedException) return;
        identifying = null;
        if (error == null) {
            state = State.ACTIVE;
            context.metrics().identified();
            return;
        }
        GatewaySession unstarted = session;
        session = null;
        if (unstarted != null) context.registry().end(unstarted, null, "ready-failed"); // no-op if the flow ended it
        failed(error);
    }

    private void resume(Resume resume) {
        if (state != State.AWAITING_IDENTIFY) {
            close(CloseCause.ALREADY_IDENTIFIED, "already identified");
            return;
        }
        state = State.RESUMING;
        new ResumeFlow(context, thread, this).run(resume).whenComplete(this::resumed);
    }

    /** How a RESUME ended. I/O thread. */
    private void resumed(Optional<GatewaySession> resumed, Throwable error) {
        if (error != null) {
            failed(error);
        } else if (resumed.isPresent()) {
            session = resumed.get();
            state = State.ACTIVE;
            cancelIdentifyDeadline();
        } else {
            state = State.AWAITING_IDENTIFY;
            send(V10JsonCodec.invalidSession(false));
            awaitIdentify();
        }
    }

    /** An IDENTIFY or RESUME that failed: closes as its {@link Refusal} says. I/O thread. */
    private void failed(Throwable error) {
        Throwable cause = IdentifyFlow.unwrap(error);
        if (cause instanceof AbandonedException) return;
        if (cause instanceof Refusal refusal) {
            if (refusal.cause().admissionLimit()) context.metrics().refused(refusal.cause().label());
            close(refusal.cause(), refusal.getMessage());
            return;
        }
        log.warn("IDENTIFY or RESUME failed unexpectedly", cause);
        close(CloseCause.INTERNAL_ERROR, "internal error; reconnect");
    }

    private void scheduleHeartbeatCheck(long delayNanos) {
        heartbeatTimer = io.executeAfter(this::checkHeartbeat, Math.max(1, delayNanos), TimeUnit.NANOSECONDS);
    }

    private void checkHeartbeat() {
        if (writer.closing()) return;
        Heartbeats.Check check = heartbeats.check();
        switch (check.verdict()) {
            case TIMED_OUT -> close(CloseCause.HEARTBEAT_TIMEOUT, "no heartbeat within " + heartbeats.deadlineMillis() + " ms");
            case REQUEST -> {
                send(V10JsonCodec.heartbeatRequest());
                scheduleHeartbeatCheck(check.nextInNanos());
            }
            case WAIT -> scheduleHeartbeatCheck(check.nextInNanos());
        }
    }

    /** Whether the connection is closing or closed. Any thread. */
    boolean closing() {
        return writer.closing();
    }

    /** Queues a frame that is not a dispatch (HELLO, heartbeat ACK, INVALID_SESSION…); any thread. */
    void send(byte[] frame) {
        writer.send(frame);
    }

    @Override
    public boolean send(long sequence, Dispatch dispatch) {
        return writer.send(sequence, dispatch);
    }

    @Override
    public void replay(long sequence, Dispatch dispatch) {
        writer.replay(sequence, dispatch);
    }

    @Override
    public boolean congested() {
        return writer.congested();
    }

    /** The outbox drained after congestion: the session sends what it kept back. I/O thread. */
    private void relieved() {
        GatewaySession current = session;
        if (current != null && !writer.closing()) current.relieved(this);
    }

    @Override
    public long queuedBytes() {
        return writer.queuedBytes();
    }

    @Override
    public long heartbeatAgeMillis() {
        return heartbeats.ageMillis();
    }

    @Override
    public void disconnect(String reason) {
        close(CloseCause.OPERATOR, reason);
    }

    @Override
    public void replaced() {
        replaced = true;
        closeNow(CloseCause.RESUMED_ELSEWHERE, "session resumed on another connection");
    }

    @Override
    public void tokenRevoked() {
        close(CloseCause.TOKEN_REVOKED, "token revoked");
    }

    @Override
    public void sessionEnded() {
        thread.execute(() -> {
            if (writer.closing() || session == null) return;
            session = null;
            identifying = null; // a start under way stops: its outcome is no longer this connection's
            state = State.AWAITING_IDENTIFY;
            send(V10JsonCodec.invalidSession(false));
            awaitIdentify();
        });
    }

    /** Closes for {@code cause}; whether the session survives follows its {@link CloseCode#resumable()}. */
    void close(CloseCause cause, String reason) {
        writer.close(cause, reason);
    }

    /**
     * As {@link ConnectionWriter#closeNow}: a close frame for {@code cause} after what is queued, the session left as it
     * is. Any thread; once.
     */
    void closeNow(CloseCause cause, String reason) {
        writer.closeNow(cause, reason);
    }

    /** Drops the TCP connection at once, without a close frame. */
    void abort() {
        writer.abort();
    }

    /**
     * The channel closed, whoever closed it. I/O thread, possibly inside a failed {@link #send} holding the writer's
     * lock: the session is therefore released in a later task, never under that lock (a session calls its connection
     * under the session's lock, so the opposite order could deadlock).
     */
    void onClosed() {
        writer.closed();
        context.connections().remove(this);
        if (heartbeatTimer != null) heartbeatTimer.remove();
        thread.execute(() -> {
            cancelIdentifyDeadline();
            releaseSession();
        });
    }

    /** What the close means for the session: ended, or kept resumable. A start under way stops on its own. */
    private void releaseSession() {
        if (session == null || replaced) return;
        if (state == State.IDENTIFYING && !session.readySent()) { // READY sent, the flow not yet back: a started session
            context.registry().end(session, this, "closed-before-ready");
            return;
        }
        boolean clientEnded = clientCloseCode >= 0 && CloseCode.clientCloseEndsSession(clientCloseCode);
        CloseCode closedWith = writer.closedWith();
        if (clientEnded) {
            context.registry().end(session, this, "closed");
        } else if (closedWith != null && !closedWith.resumable()) {
            context.registry().end(session, this, closedWith.name().toLowerCase(Locale.ROOT));
        } else {
            session.detach(this, System.nanoTime());
        }
    }
}
