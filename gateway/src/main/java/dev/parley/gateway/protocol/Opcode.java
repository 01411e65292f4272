package dev.parley.gateway.protocol;

/** Discord Gateway v10 opcodes, with the direction each travels. */
public final class Opcode {
    /** Server → client: an event, with {@code s} and {@code t}. */
    public static final int DISPATCH = 0;
    /** Both ways: the client's keep-alive, or the server asking for one at once. */
    public static final int HEARTBEAT = 1;
    public static final int IDENTIFY = 2;
    public static final int PRESENCE_UPDATE = 3;
    public static final int VOICE_STATE_UPDATE = 4;
    public static final int RESUME = 6;
    /** Server → client: reconnect and resume. */
    public static final int RECONNECT = 7;
    public static final int REQUEST_GUILD_MEMBERS = 8;
    /** Server → client; {@code d} says whether the session may be resumed. */
    public static final int INVALID_SESSION = 9;
    public static final int HELLO = 10;
    public static final int HEARTBEAT_ACK = 11;

    private Opcode() {
    }
}
