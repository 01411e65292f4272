package dev.parley.schemas.query;

/**
 * The paths of the state query API that streams-app instances serve (answering from their RocksDB stores, or
 * forwarding to the instance that holds the key) and gateways call. Bodies are the schemas' records as JSON;
 * a missing key answers 404, a store that is moving between instances 503.
 */
public final class StateQueryApi {
    /** Marks a request already forwarded once, so that instances never forward in circles. */
    public static final String FORWARDED_HEADER = "X-Parley-Forwarded";

    public static final String USER_TEMPLATE = "/users/{userId}";
    public static final String SESSION_STARTS_TEMPLATE = "/users/{userId}/session-starts";

    private StateQueryApi() {
    }

    /** A {@link dev.parley.schemas.guild.User}. */
    public static String user(long userId) {
        return "/users/" + userId;
    }

    /** A {@link dev.parley.schemas.session.SessionStarts} (recent starts only). */
    public static String sessionStarts(long userId) {
        return "/users/" + userId + "/session-starts";
    }
}
