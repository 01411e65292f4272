package dev.parley.streams.presence;

import dev.parley.schemas.guild.User;
import dev.parley.schemas.presence.PresenceUpdate;
import dev.parley.schemas.user.UserGuilds;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

import java.util.List;

/**
 * Typed access to one task's presence stores, and the one place a presence change is announced: when what the
 * rule gives differs from what the guilds last saw, one {@link PresenceUpdate} per guild of the user.
 * Used only on the task's stream thread.
 */
final class PresenceBook {
    private static final String SEPARATOR = "\u0000";
    private static final dev.parley.schemas.json.JsonSerde<PresenceState> STATE_SERDE =
            new dev.parley.schemas.json.JsonSerde<>(PresenceState.class);

    private final ProcessorContext<Long, PresenceUpdate> context;
    private final KeyValueStore<Long, PresenceState> states;
    private final KeyValueStore<Long, UserGuilds> guilds;
    private final KeyValueStore<String, Long> gatewaySessions;

    private final long maxRecordBytes;

    PresenceBook(ProcessorContext<Long, PresenceUpdate> context, long maxRecordBytes) {
        this.context = context;
        this.maxRecordBytes = maxRecordBytes;
        this.states = context.getStateStore(PresenceStores.SESSIONS);
        this.guilds = context.getStateStore(PresenceStores.GUILDS);
        this.gatewaySessions = context.getStateStore(PresenceStores.GATEWAY_SESSIONS);
    }

    static String gatewayKey(String gatewayId, long userId) {
        return gatewayId + SEPARATOR + userId;
    }

    static String gatewayPrefix(String gatewayId) {
        return gatewayId + SEPARATOR;
    }

    PresenceState state(long userId) {
        PresenceState state = states.get(userId);
        return state == null ? PresenceState.empty() : state;
    }

    UserGuilds guilds(long userId) {
        UserGuilds known = guilds.get(userId);
        return known == null ? new UserGuilds(List.of()) : known;
    }

    void guilds(long userId, UserGuilds value) {
        guilds.put(userId, value);
    }

    KeyValueStore<String, Long> gatewaySessions() {
        return gatewaySessions;
    }

    /**
     * Stores {@code state} (with the user's sessions indexed by gateway; made to fit {@code presence.state-record-max-bytes}
     * first) and announces a changed presence.
     */
    void save(long userId, PresenceState wanted, long timestamp) {
        PresenceState state = wanted.fittedTo(maxRecordBytes, s -> STATE_SERDE.serialize(PresenceStores.SESSIONS, s).length);
        for (SessionPresence dropped : wanted.sessions().values()) {
            if (!state.sessions().containsValue(dropped)) unindex(userId, dropped.gatewayId(), state);
        }
        PresenceState.Shown now = state.aggregate();
        PresenceState next = state.withShown(now);
        boolean changed = !now.equals(state.shown());
        states.put(userId, next);
        next.sessions().values().forEach(s -> gatewaySessions.put(gatewayKey(s.gatewayId(), userId), userId));
        if (changed && next.user() != null) announce(userId, next, guilds(userId).guildIds(), timestamp);
    }

    /** Forgets that {@code userId} has sessions on {@code gatewayId}, unless {@code state} still holds one there. */
    void unindex(long userId, String gatewayId, PresenceState state) {
        boolean still = state.sessions().values().stream().anyMatch(s -> s.gatewayId().equals(gatewayId));
        if (!still) gatewaySessions.delete(gatewayKey(gatewayId, userId));
    }

    /** Sends the user's current presence to {@code guildIds}. */
    void announce(long userId, PresenceState state, List<Long> guildIds, long timestamp) {
        User user = state.user() == null ? User.of(userId, "", false) : state.user();
        PresenceState.Shown shown = state.shown();
        for (long guildId : guildIds) {
            context.forward(new Record<>(guildId, new PresenceUpdate(guildId, user, shown.status(), shown.activities(),
                    shown.clientStatus()), timestamp));
        }
    }
}
