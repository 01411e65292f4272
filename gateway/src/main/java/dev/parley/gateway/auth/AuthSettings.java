package dev.parley.gateway.auth;

import dev.parley.config.Setting;

import java.util.List;

/** Tokens, registration and privileged-intent grants. */
public final class AuthSettings {
    public static final Setting<String> TOKEN_SECRET = Setting.ofString("auth.token-secret", "",
            "Secret (16+ bytes) that signs tokens; changing it revokes every token. Required in production; the local "
                    + "stack generates one into <data.dir>/token-secret when empty.");
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

    public static final List<Setting<?>> ALL = List.of(TOKEN_SECRET, REGISTRATION_ENABLED, PRIVILEGED_INTENTS_BOTS,
            PRIVILEGED_INTENTS_HUMANS, PRIVILEGED_INTENTS_GRANTS, OPEN_GUILD_JOIN);

    private AuthSettings() {
    }
}
