package dev.parley.gateway.fanout;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Which local sessions receive which guild's events: answers "who here gets this event" without scanning sessions.
 * Changed only by {@link FanoutRoutes} on the fan-out consumer's thread; readable from any thread (an operator's
 * view of a session's guilds).
 */
final class GuildSubscriptions {
    private final Map<Long, Set<FanoutSession>> byGuild = new ConcurrentHashMap<>();
    private final Map<FanoutSession, Set<Long>> bySession = new ConcurrentHashMap<>();

    /** True if {@code session} was not yet subscribed to {@code guildId}. */
    boolean subscribe(FanoutSession session, long guildId) {
        boolean added = bySession.computeIfAbsent(session, s -> ConcurrentHashMap.newKeySet()).add(guildId);
        if (added) byGuild.computeIfAbsent(guildId, g -> ConcurrentHashMap.newKeySet()).add(session);
        return added;
    }

    /** True if {@code session} was subscribed to {@code guildId}. */
    boolean unsubscribe(FanoutSession session, long guildId) {
        Set<Long> guilds = bySession.get(session);
        if (guilds == null || !guilds.remove(guildId)) return false;
        if (guilds.isEmpty()) bySession.remove(session);
        byGuild.computeIfPresent(guildId, (g, sessions) -> {
            sessions.remove(session);
            return sessions.isEmpty() ? null : sessions;
        });
        return true;
    }

    Set<FanoutSession> sessions(long guildId) {
        Set<FanoutSession> sessions = byGuild.get(guildId);
        return sessions == null ? Set.of() : sessions;
    }

    boolean subscribed(FanoutSession session, long guildId) {
        Set<Long> guilds = bySession.get(session);
        return guilds != null && guilds.contains(guildId);
    }

    /** The guilds {@code session} receives (a live view). */
    Set<Long> guildsOf(FanoutSession session) {
        Set<Long> guilds = bySession.get(session);
        return guilds == null ? Set.of() : guilds;
    }
}
