package dev.parley.streams.presence;

import dev.parley.schemas.guild.User;
import dev.parley.schemas.session.Activity;

import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * A user's sessions on every gateway and the presence the user's guilds last saw. The rule that turns sessions
 * into one presence:
 * <ul>
 *   <li>no session: {@code offline};</li>
 *   <li>otherwise the most recently updated session's status and activities;</li>
 *   <li>{@code invisible} shows as {@code offline}, without activities;</li>
 *   <li>{@code client_status} holds, per platform, the status of that platform's most recently updated session,
 *       leaving out invisible ones.</li>
 * </ul>
 *
 * @param user     the user as last known (from their session starts and profile changes), or null
 * @param sessions session id → its presence
 * @param shown    what the guilds last saw
 */
public record PresenceState(User user, Map<String, SessionPresence> sessions, Shown shown) {
    public static final String OFFLINE = "offline";
    private static final String INVISIBLE = "invisible";

    public PresenceState {
        sessions = Map.copyOf(sessions);
    }

    /** A presence as others see it. */
    public record Shown(String status, List<Activity> activities, Map<String, String> clientStatus) {
        public static final Shown OFFLINE = new Shown(PresenceState.OFFLINE, List.of(), Map.of());

        public Shown {
            activities = List.copyOf(activities);
            clientStatus = Map.copyOf(clientStatus);
        }
    }

    public static PresenceState empty() {
        return new PresenceState(null, Map.of(), Shown.OFFLINE);
    }

    public PresenceState withUser(User user) {
        return new PresenceState(user, sessions, shown);
    }

    public PresenceState withSession(String sessionId, SessionPresence session) {
        Map<String, SessionPresence> next = new LinkedHashMap<>(sessions);
        next.put(sessionId, session);
        return new PresenceState(user, next, shown);
    }

    public PresenceState withoutSession(String sessionId) {
        Map<String, SessionPresence> next = new LinkedHashMap<>(sessions);
        next.remove(sessionId);
        return new PresenceState(user, next, shown);
    }

    public PresenceState withShown(Shown shown) {
        return new PresenceState(user, sessions, shown);
    }

    /**
     * This state, made to take at most {@code maxBytes} as {@code sizeOf} measures it: the activities of the least
     * recently updated sessions are dropped first (their status stays), then those sessions themselves; the most recently
     * updated session, whose presence is shown, is kept whole.
     */
    public PresenceState fittedTo(long maxBytes, java.util.function.ToLongFunction<PresenceState> sizeOf) {
        PresenceState fitted = this;
        while (sizeOf.applyAsLong(fitted) > maxBytes && fitted.sessions.size() > 1) {
            List<Map.Entry<String, SessionPresence>> oldestFirst = fitted.sessions.entrySet().stream()
                    .sorted(Comparator.comparingLong(e -> e.getValue().updatedAt())).toList();
            List<Map.Entry<String, SessionPresence>> older = oldestFirst.subList(0, oldestFirst.size() - 1);
            Optional<Map.Entry<String, SessionPresence>> withActivities = older.stream()
                    .filter(e -> !e.getValue().activities().isEmpty()).findFirst();
            if (withActivities.isPresent()) {
                SessionPresence s = withActivities.get().getValue();
                fitted = fitted.withSession(withActivities.get().getKey(),
                        new SessionPresence(s.gatewayId(), s.status(), List.of(), s.platform(), s.updatedAt()));
            } else {
                fitted = fitted.withoutSession(older.get(0).getKey());
            }
        }
        return fitted;
    }

    /** The presence the rule gives for the current sessions. */
    public Shown aggregate() {
        Optional<SessionPresence> latest = sessions.values().stream()
                .max(Comparator.comparingLong(SessionPresence::updatedAt));
        if (latest.isEmpty()) return Shown.OFFLINE;
        Map<String, String> clientStatus = new TreeMap<>();
        Map<String, Long> seenAt = new TreeMap<>();
        for (SessionPresence session : sessions.values()) {
            if (INVISIBLE.equals(session.status()) || OFFLINE.equals(session.status())) continue;
            Long previous = seenAt.get(session.platform());
            if (previous == null || session.updatedAt() >= previous) {
                seenAt.put(session.platform(), session.updatedAt());
                clientStatus.put(session.platform(), session.status());
            }
        }
        String status = latest.get().status();
        if (INVISIBLE.equals(status) || OFFLINE.equals(status)) return Shown.OFFLINE;
        return new Shown(status, latest.get().activities(), clientStatus);
    }
}
