package dev.parley.streams.user;

/** Names of the user state app's stores; each also names its changelog topic. */
public final class UserStores {
    /** User id → {@link dev.parley.schemas.guild.User}. */
    public static final String USERS = "users";
    /** User id → {@link dev.parley.schemas.session.SessionStarts} within the last 24 h. */
    public static final String SESSION_STARTS = "session-starts";

    /** User id → {@link dev.parley.schemas.user.UserGuilds}, from membership events repartitioned by user. */
    public static final String USER_GUILDS = "user-guilds";

    /**
     * User id → the user's token generation ({@code Long}); absent means 0. Kept apart from {@code users}: the
     * Discord-shaped {@link dev.parley.schemas.guild.User} is embedded in every member and message, a generation is not.
     */
    public static final String TOKEN_GENERATIONS = "user-token-generations";

    private UserStores() {
    }
}
