package dev.parley.gateway.auth;

import dev.parley.config.Setting;

import java.time.Duration;
import java.util.List;

/** Tokens, registration and privileged-intent grants. */
public final class AuthSettings {
    public static final Setting<String> TOKEN_SECRET = Setting.ofString("auth.token-secret", "",
            "Secret (16+ bytes) that signs tokens; changing it revokes every token. Required in production; the local "
                    + "stack generates one into <data.dir>/token-secret when empty.");
    public static final Setting<Duration> TOKEN_CACHE_TTL = Setting.ofDuration("auth.token-cache.ttl",
            Duration.ofSeconds(5), "How long a gateway trusts what it read of a user's token generation (and that the "
                    + "user exists) for REST: the longest a token revoked through another gateway still works here; 0 reads "
                    + "it for every request.");
    public static final Setting<Integer> TOKEN_CACHE_ENTRIES = Setting.ofInt("auth.token-cache.entries", 100_000,
            "Users whose token generation a gateway keeps for REST, least recently used out first.");
    public static final Setting<Boolean> REGISTRATION_ENABLED = Setting.ofBoolean("auth.registration-enabled", false,
            "Whether POST /api/v10/auth/register creates users and hands out tokens (on for the local stack only).");
    public static final Setting<String> PRIVILEGED_INTENTS_BOTS = Setting.ofString("auth.privileged-intents.bots", "",
            "Privileged intents (GUILD_MEMBERS, GUILD_PRESENCES, MESSAGE_CONTENT, or 'all') every bot may ask for.");
    public static final Setting<String> PRIVILEGED_INTENTS_HUMANS = Setting.ofString("auth.privileged-intents.humans",
            "all", "Privileged intents every human user may ask for.");
    public static final Setting<String> PRIVILEGED_INTENTS_GRANTS = Setting.ofString("auth.privileged-intents.grants", "",
            "Further grants per user: 'userId=INTENT+INTENT;userId=all'.");

    public static final Setting<Boolean> OPEN_GUILD_JOIN = Setting.ofBoolean("auth.open-guild-join", false,
            "Whether any user may join any guild with PUT /guilds/{id}/members/@me (until invites exist; on for the local stack).");

    public static final List<Setting<?>> ALL = List.of(TOKEN_SECRET, TOKEN_CACHE_TTL, TOKEN_CACHE_ENTRIES,
            REGISTRATION_ENABLED, PRIVILEGED_INTENTS_BOTS, PRIVILEGED_INTENTS_HUMANS, PRIVILEGED_INTENTS_GRANTS,
            OPEN_GUILD_JOIN);

    private AuthSettings() {
    }
}
