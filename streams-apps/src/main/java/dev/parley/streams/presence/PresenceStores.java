package dev.parley.streams.presence;

/** Names of the presence app's stores; each also names its changelog topic. */
public final class PresenceStores {
    /** User id → {@link PresenceState}: the user's sessions and the presence others last saw. */
    public static final String SESSIONS = "presence-sessions";
    /** User id → {@link dev.parley.schemas.user.UserGuilds}, from {@code user-events}. */
    public static final String GUILDS = "presence-guilds";
    /** {@code gatewayId NUL userId} → user id: which users have sessions on which gateway. */
    public static final String GATEWAY_SESSIONS = "gateway-sessions";
    /** Session id → its latest {@link dev.parley.schemas.session.SessionCheckpoint}, in its user's partition. */
    public static final String SESSION_CHECKPOINTS = "presence-session-checkpoints";
    /** Gateway id → its last {@link dev.parley.schemas.session.GatewayHeartbeat}, stamped when received (global). */
    public static final String GATEWAY_LIVENESS = "gateway-liveness";

    private PresenceStores() {
    }
}
