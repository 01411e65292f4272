package dev.parley.schemas.query;

/**
 * The paths of the state query API that streams-app instances serve (answering from their RocksDB stores, or
 * forwarding to the instance that holds the key) and gateways call. Bodies are the schemas' records as JSON.
 * A missing key answers 404; a guild read by a {@code viewer} who is not a member 403. A read the key's active copy
 * cannot answer (restoring after a failover, its instance crashed and not yet replaced) is answered from a standby
 * copy, flagged {@link #STALE_HEADER}; 503 only when no copy is ready.
 *
 * <p>The API is internal: every request, forwarded reads and {@code /metrics} included, must carry the cluster
 * credential ({@link dev.parley.schemas.cluster.ClusterCredential}, {@code Authorization: Bearer <cluster.secret>})
 * or is answered 401 {@code {"code": 0, "message": "..."}}. Only gateways and other instances hold it. The
 * {@code viewer} parameter is therefore asserted by an authenticated gateway, which verified that user's token
 * before asking; it is not a claim a stranger can make.
 */
public final class StateQueryApi {
    /**
     * Marks a request already forwarded once, so that instances never forward in circles: {@value #FORWARDED_ACTIVE}
     * to the key's active copy, {@value #FORWARDED_STALE} to a standby's (while the active is restoring, unreachable
     * or moving).
     */
    public static final String FORWARDED_HEADER = "X-Parley-Forwarded";
    public static final String FORWARDED_ACTIVE = "1";
    public static final String FORWARDED_STALE = "stale";
    /**
     * On an answer read from a standby copy, which lags the active one by what it has not restored yet (KIP-535
     * stale reads): {@code true}.
     */
    public static final String STALE_HEADER = "X-Parley-Stale";

    /** {@code {"instances": ["http://host:port", ...]}}: every instance serving this API, as the apps' groups know them. */
    public static final String INSTANCES = "/instances";

    public static final String USER_TEMPLATE = "/users/{userId}";
    public static final String SESSION_STARTS_TEMPLATE = "/users/{userId}/session-starts";
    public static final String USER_GUILDS_TEMPLATE = "/users/{userId}/guilds";
    public static final String SESSION_CHECKPOINT_TEMPLATE = "/users/{userId}/sessions/{sessionId}/checkpoint";
    public static final String TOKEN_GENERATION_TEMPLATE = "/users/{userId}/token-generation";
    public static final String CHANNEL_TEMPLATE = "/channels/{channelId}";
    public static final String GUILD_TEMPLATE = "/guilds/{guildId}";
    public static final String SNAPSHOT_TEMPLATE = "/guilds/{guildId}/snapshot";
    public static final String MEMBERS_TEMPLATE = "/guilds/{guildId}/members";
    public static final String MEMBER_TEMPLATE = "/guilds/{guildId}/members/{userId}";
    public static final String MEMBER_SEARCH_TEMPLATE = "/guilds/{guildId}/member-search";
    public static final String MESSAGES_TEMPLATE = "/guilds/{guildId}/channels/{channelId}/messages";

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

    /** A {@link dev.parley.schemas.user.UserGuilds} (empty when the user is in none). */
    public static String userGuilds(long userId) {
        return "/users/" + userId + "/guilds";
    }

    /**
     * A {@link dev.parley.schemas.session.SessionCheckpoint}: the latest checkpoint of the user's session
     * {@code sessionId} (404 when none: never written, ended, or forgotten).
     */
    public static String sessionCheckpoint(long userId, String sessionId) {
        return "/users/" + userId + "/sessions/" + sessionId + "/checkpoint";
    }

    /** A {@link TokenGeneration} of an existing user (404 when the user does not exist): one read for both. */
    public static String tokenGeneration(long userId) {
        return "/users/" + userId + "/token-generation";
    }

    /** A {@link dev.parley.schemas.guild.ChannelRef}: the channel's guild. */
    public static String channel(long channelId) {
        return "/channels/" + channelId;
    }

    /** A {@link dev.parley.schemas.guild.Guild}, for a member. */
    public static String guild(long guildId, long viewer) {
        return "/guilds/" + guildId + "?viewer=" + viewer;
    }

    /**
     * A {@link GuildSnapshot}: the guild with all its members, or only the viewer's when it has more than
     * {@code largeThreshold}.
     */
    public static String snapshot(long guildId, long viewer, int largeThreshold) {
        return "/guilds/" + guildId + "/snapshot?viewer=" + viewer + "&large_threshold=" + largeThreshold;
    }

    /** Up to {@code limit} {@link dev.parley.schemas.guild.Member}s with user ids above {@code after}, in id order. */
    public static String members(long guildId, long viewer, int limit, long after) {
        return "/guilds/" + guildId + "/members?viewer=" + viewer + "&limit=" + limit + "&after=" + after;
    }

    /** One {@link dev.parley.schemas.guild.Member}. */
    public static String member(long guildId, long userId, long viewer) {
        return "/guilds/" + guildId + "/members/" + userId + "?viewer=" + viewer;
    }

    /**
     * Members whose username, global name or nick starts with {@code query} (case-insensitive), at most
     * {@code limit} (0: no limit), or those among {@code userIds} when any are given.
     */
    public static String memberSearch(long guildId, long viewer, String query, int limit, java.util.List<Long> userIds) {
        String ids = userIds.stream().map(String::valueOf).collect(java.util.stream.Collectors.joining(","));
        return "/guilds/" + guildId + "/member-search?viewer=" + viewer + "&limit=" + limit + "&query="
                + java.net.URLEncoder.encode(query, java.nio.charset.StandardCharsets.UTF_8) + "&user_ids=" + ids;
    }

    /**
     * Up to {@code limit} {@link dev.parley.schemas.guild.Message}s of a channel, newest first, older than
     * {@code before} or newer than {@code after} (0: unbounded).
     */
    public static String messages(long guildId, long channelId, long viewer, int limit, long before, long after) {
        return "/guilds/" + guildId + "/channels/" + channelId + "/messages?viewer=" + viewer + "&limit=" + limit
                + "&before=" + before + "&after=" + after;
    }
}
