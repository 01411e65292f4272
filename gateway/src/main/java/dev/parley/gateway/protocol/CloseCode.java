package dev.parley.gateway.protocol;

/**
 * The gateway's close codes, with Discord's documented meanings, in one place.
 *
 * <p>{@link #reconnect()} says whether a client may connect again (the terminal codes 4004 and 4010-4014 say
 * no: the same IDENTIFY would fail again). {@link #resumable()} says whether the session survives the close and
 * can be RESUMEd within the resume window; 4007 and 4009 end it, so the client identifies anew.
 * A client that closes with {@link #CLIENT_NORMAL} or {@link #CLIENT_GOING_AWAY} ends its session; any other
 * drop keeps it resumable.
 */
public enum CloseCode {
    UNKNOWN_ERROR(4000, "Unknown error", true, true),
    UNKNOWN_OPCODE(4001, "Unknown opcode", true, true),
    DECODE_ERROR(4002, "Decode error", true, true),
    NOT_AUTHENTICATED(4003, "Not authenticated", true, true),
    AUTHENTICATION_FAILED(4004, "Authentication failed", false, false),
    ALREADY_AUTHENTICATED(4005, "Already authenticated", true, true),
    INVALID_SEQ(4007, "Invalid seq", true, false),
    RATE_LIMITED(4008, "Rate limited", true, true),
    SESSION_TIMED_OUT(4009, "Session timed out", true, false),
    INVALID_SHARD(4010, "Invalid shard", false, false),
    SHARDING_REQUIRED(4011, "Sharding required", false, false),
    INVALID_API_VERSION(4012, "Invalid API version", false, false),
    INVALID_INTENTS(4013, "Invalid intent(s)", false, false),
    DISALLOWED_INTENTS(4014, "Disallowed intent(s)", false, false);

    /** A client's normal close: ends the session. */
    public static final int CLIENT_NORMAL = 1000;
    /** A client going away (page closed): ends the session. */
    public static final int CLIENT_GOING_AWAY = 1001;
    /** The server restarting after RECONNECT was sent: the client resumes elsewhere. */
    public static final int SERVICE_RESTART = 1012;

    private final int code;
    private final String reason;
    private final boolean reconnect;
    private final boolean resumable;

    CloseCode(int code, String reason, boolean reconnect, boolean resumable) {
        this.code = code;
        this.reason = reason;
        this.reconnect = reconnect;
        this.resumable = resumable;
    }

    public int code() {
        return code;
    }

    /** Discord's name for the code; close frames carry it as the reason. */
    public String reason() {
        return reason;
    }

    public boolean reconnect() {
        return reconnect;
    }

    public boolean resumable() {
        return resumable;
    }

    /** The longest close reason a close frame can carry (RFC 6455: 125 bytes less the 2-byte code). */
    public static final int REASON_MAX_BYTES = 123;

    /** {@code reason} cut to fit a close frame, on a character boundary. */
    public static String fitReason(String reason) {
        byte[] bytes = reason.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        if (bytes.length <= REASON_MAX_BYTES) return reason;
        int end = REASON_MAX_BYTES;
        while (end > 0 && (bytes[end] & 0xC0) == 0x80) end--;
        return new String(bytes, 0, end, java.nio.charset.StandardCharsets.UTF_8);
    }

    /** Whether a close the client sent with {@code code} ends its session (rather than leaving it resumable). */
    public static boolean clientCloseEndsSession(int code) {
        return code == CLIENT_NORMAL || code == CLIENT_GOING_AWAY;
    }
}
