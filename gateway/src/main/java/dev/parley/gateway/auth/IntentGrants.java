package dev.parley.gateway.auth;

import dev.parley.config.Settings;
import dev.parley.gateway.protocol.Intents;

import java.util.HashMap;
import java.util.Map;

/** Which privileged intents each user may ask for, from {@link AuthSettings}. Immutable. */
public final class IntentGrants {
    private final long bots;
    private final long humans;
    private final Map<Long, Long> perUser;

    private IntentGrants(long bots, long humans, Map<Long, Long> perUser) {
        this.bots = bots & Intents.PRIVILEGED;
        this.humans = humans & Intents.PRIVILEGED;
        this.perUser = Map.copyOf(perUser);
    }

    /** @throws IllegalArgumentException naming a malformed grant */
    public static IntentGrants from(Settings settings) {
        Map<Long, Long> perUser = new HashMap<>();
        for (String grant : settings.get(AuthSettings.PRIVILEGED_INTENTS_GRANTS).split(";")) {
            if (grant.isBlank()) continue;
            int eq = grant.indexOf('=');
            if (eq < 0) throw new IllegalArgumentException("grant must be userId=INTENT+INTENT: " + grant);
            perUser.merge(Long.parseLong(grant.substring(0, eq).strip()), Intents.parse(grant.substring(eq + 1)),
                    (a, b) -> a | b);
        }
        return new IntentGrants(Intents.parse(settings.get(AuthSettings.PRIVILEGED_INTENTS_BOTS)),
                Intents.parse(settings.get(AuthSettings.PRIVILEGED_INTENTS_HUMANS)), perUser);
    }

    /** The privileged intents among {@code asked} that {@code userId} was not granted (0 when all are). */
    public long refused(long userId, boolean bot, long asked) {
        return asked & Intents.PRIVILEGED & ~granted(userId, bot);
    }

    /**
     * The privileged intents {@code userId} holds: those of every bot or every human, and the user's own grants.
     * IDENTIFY may ask for them; REST answers as if they were asked for (REST has no session intents).
     */
    public long granted(long userId, boolean bot) {
        return (bot ? bots : humans) | perUser.getOrDefault(userId, 0L);
    }
}
