package dev.parley.schemas.session;

import java.util.List;

/**
 * A client's presence, as IDENTIFY's {@code presence} and PRESENCE_UPDATE (op 3) send it.
 *
 * @param status {@code online}, {@code idle}, {@code dnd}, {@code invisible} or {@code offline}
 * @param since  ms since the epoch the client went idle, or null
 */
public record Presence(String status, List<Activity> activities, boolean afk, Long since) {
    public static final List<String> STATUSES = List.of("online", "idle", "dnd", "invisible", "offline");

    public Presence {
        activities = activities == null ? List.of() : List.copyOf(activities);
    }

    public static Presence online() {
        return new Presence("online", List.of(), false, null);
    }
}
