package dev.parley.gateway.fanout;

import dev.parley.gateway.session.GatewaySession;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Which local sessions receive which guild's events: answers "who here gets this event" without scanning
 * sessions. Thread-safe.
 */
final class GuildSubscriptions {
    private final Map<Long, Set<GatewaySession>> byGuild = new ConcurrentHashMap<>();
    private final Map<GatewaySession, Set<Long>> bySession = new ConcurrentHashMap<>();

    /** True if {@code session} was not yet subscribed to {@code guildId}. */
    boolean subscribe(GatewaySession session, long guildId) {
        boolean added = bySession.computeIfAbsent(session, s -> ConcurrentHashMap.newKeySet()).add(guildId);
        if (added) byGuild.computeIfAbsent(guildId, g -> ConcurrentHashMap.newKeySet()).add(session);
        return added;
    }

    /** True if {@code session} was subscribed to {@code guildId}. */
    boolean unsubscribe(GatewaySession session, long guildId) {
        Set<Long> guilds = bySession.get(session);
        if (guilds == null || !guilds.remove(guildId)) return false;
        byGuild.computeIfPresent(guildId, (g, sessions) -> {
            sessions.remove(session);
            return sessions.isEmpty() ? null : sessions;
        });
        return true;
    }

    /** Removes {@code session} everywhere; returns the guilds it was subscribed to. */
    Set<Long> remove(GatewaySession session) {
        Set<Long> guilds = bySession.remove(session);
        if (guilds == null) return Set.of();
        for (long guildId : guilds) {
            byGuild.computeIfPresent(guildId, (g, sessions) -> {
                sessions.remove(session);
                return sessions.isEmpty() ? null : sessions;
            });
        }
        return guilds;
    }

    Set<GatewaySession> sessions(long guildId) {
        Set<GatewaySession> sessions = byGuild.get(guildId);
        return sessions == null ? Set.of() : sessions;
    }

    boolean subscribed(GatewaySession session, long guildId) {
        Set<Long> guilds = bySession.get(session);
        return guilds != null && guilds.contains(guildId);
    }

    private final Map<Long, Long> leaveEpochs = new ConcurrentHashMap<>();

    /** Records that {@code userId} left a guild: a guild read for them before this is stale. */
    void recordLeave(long userId) {
        leaveEpochs.merge(userId, 1L, Long::sum);
    }

    /** How many leaves of {@code userId} this gateway has seen (while the user has sessions here). */
    long leaveEpoch(long userId) {
        return leaveEpochs.getOrDefault(userId, 0L);
    }

    void forgetUser(long userId) {
        leaveEpochs.remove(userId);
    }

    /** The guilds {@code session} receives. */
    Set<Long> guildsOf(GatewaySession session) {
        Set<Long> guilds = bySession.get(session);
        return guilds == null ? Set.of() : guilds;
    }
}
