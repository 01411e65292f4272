package dev.parley.gateway.protocol;

import java.util.Locale;

/**
 * Why the gateway closes a connection. Each cause has one close code on the wire, Discord's (so clients react as
 * they do to Discord), and its own {@link #label()}, which {@code parley_gateway_closes_total{code,cause}} carries:
 * causes that share a code (4000 says "reconnect" for a stalled fan-out, a slow reader and an operator alike) stay
 * apart for whoever reads the metrics. The one place where a close's code is chosen.
 */
public enum CloseCause {
    /** Neither IDENTIFY nor RESUME within {@code gateway.identify-timeout}. */
    IDENTIFY_TIMEOUT(CloseCode.NOT_AUTHENTICATED),
    /** A command other than a heartbeat before IDENTIFY or RESUME. */
    NOT_IDENTIFIED(CloseCode.NOT_AUTHENTICATED),
    /** A second IDENTIFY or RESUME. */
    ALREADY_IDENTIFIED(CloseCode.ALREADY_AUTHENTICATED),
    /** Over {@code gateway.rate-limit.commands} in a window. */
    COMMAND_RATE(CloseCode.RATE_LIMITED),
    /** An opcode clients may not send. */
    UNKNOWN_OPCODE(CloseCode.UNKNOWN_OPCODE),
    /** A payload that is not Gateway v10 JSON. */
    UNDECODABLE(CloseCode.DECODE_ERROR),
    /** A payload over {@code gateway.payload-max-bytes}. */
    PAYLOAD_TOO_LARGE(CloseCode.DECODE_ERROR),
    /** No heartbeat within the interval and its grace. */
    HEARTBEAT_TIMEOUT(CloseCode.SESSION_TIMED_OUT),
    /** A token that is not genuine. */
    INVALID_TOKEN(CloseCode.AUTHENTICATION_FAILED),
    /** A genuine token of a user who does not exist, or of an older token generation. */
    UNKNOWN_USER(CloseCode.AUTHENTICATION_FAILED),
    /** The session's token was revoked while it ran or started. */
    TOKEN_REVOKED(CloseCode.AUTHENTICATION_FAILED),
    INVALID_INTENTS(CloseCode.INVALID_INTENTS),
    DISALLOWED_INTENTS(CloseCode.DISALLOWED_INTENTS),
    INVALID_SHARD(CloseCode.INVALID_SHARD),
    /** A RESUME whose seq is not one of the session's. */
    INVALID_SEQ(CloseCode.INVALID_SEQ),
    /** Over the IDENTIFY {@code max_concurrency} of the bucket. */
    IDENTIFY_CONCURRENCY(CloseCode.RATE_LIMITED, true),
    /** Over the user's session starts per day. */
    SESSION_STARTS(CloseCode.RATE_LIMITED, true),
    /** Over {@code gateway.sessions-per-user} on this gateway. */
    SESSIONS_PER_USER(CloseCode.RATE_LIMITED, true),
    /** The gateway starts as many sessions as it may at once, and the wait for a turn ran out. */
    GATEWAY_BUSY(CloseCode.UNKNOWN_ERROR),
    /** The user's state could not be read. */
    USER_STATE_UNAVAILABLE(CloseCode.UNKNOWN_ERROR),
    /** The session's guilds could not be read. */
    GUILD_STATE_UNAVAILABLE(CloseCode.UNKNOWN_ERROR),
    /** The fan-out's consumer thread did not take the session up within {@code gateway.fanout.task-timeout}. */
    FANOUT_STALLED(CloseCode.UNKNOWN_ERROR),
    /** The client reads too slowly: over {@code gateway.outbound.queue-bytes} queued. Resumable. */
    SLOW_READER(CloseCode.UNKNOWN_ERROR),
    /** An operator closed the connection ({@code /admin}). Resumable. */
    OPERATOR(CloseCode.UNKNOWN_ERROR),
    /** The session was resumed on another connection; this one is dropped. */
    RESUMED_ELSEWHERE(CloseCode.UNKNOWN_ERROR),
    /** The gateway is stopping (WebSocket 1012, Service Restart); sessions stay resumable elsewhere. */
    GATEWAY_RESTART(CloseCode.SERVICE_RESTART),
    /** A failure the gateway did not expect (logged with its stack). */
    INTERNAL_ERROR(CloseCode.UNKNOWN_ERROR);

    private final int code;
    /** The Gateway close code, whose {@link CloseCode#resumable()} decides the session's fate; null for 1012. */
    private final CloseCode gatewayCode;
    private final boolean admissionLimit;

    CloseCause(CloseCode gatewayCode) {
        this(gatewayCode, false);
    }

    CloseCause(CloseCode gatewayCode, boolean admissionLimit) {
        this.code = gatewayCode.code();
        this.gatewayCode = gatewayCode;
        this.admissionLimit = admissionLimit;
    }

    CloseCause(int webSocketCode) {
        this.code = webSocketCode;
        this.gatewayCode = null;
        this.admissionLimit = false;
    }

    /** The close code sent. */
    public int code() {
        return code;
    }

    /** The Gateway close code sent; null when the code is a WebSocket one ({@link #GATEWAY_RESTART}). */
    public CloseCode gatewayCode() {
        return gatewayCode;
    }

    /** Whether this is an admission limit, counted in {@code parley_gateway_refused_total{limit}} under its label. */
    public boolean admissionLimit() {
        return admissionLimit;
    }

    /** The metric label: the name in lower case, e.g. {@code heartbeat_timeout}. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The cause of a payload that could not be decoded, by the code {@link DecodeException} chose. */
    public static CloseCause of(DecodeException e) {
        return e.closeCode() == CloseCode.UNKNOWN_OPCODE ? UNKNOWN_OPCODE : UNDECODABLE;
    }
}
