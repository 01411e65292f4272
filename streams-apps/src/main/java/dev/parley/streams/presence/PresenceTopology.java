package dev.parley.streams.presence;

import dev.parley.schemas.Topic;
import dev.parley.schemas.Topics;
import dev.parley.schemas.presence.PresenceUpdate;
import dev.parley.schemas.session.GatewayHeartbeat;
import dev.parley.schemas.session.SessionCheckpoint;
import dev.parley.schemas.session.SessionEvent;
import dev.parley.schemas.user.UserEvent;
import dev.parley.schemas.user.UserGuilds;
import dev.parley.schemas.json.JsonSerde;
import dev.parley.streams.StreamsAppContext;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.state.Stores;

import java.time.Duration;
import java.util.Properties;

/**
 * The presence app: each user's presence, aggregated over all their sessions on all gateways
 * ({@code session-events}), announced to each of their guilds ({@code presence-updates}, guild-keyed) only when
 * it changes. It keeps its own copy of each user's guilds and profile from {@code user-events} (co-partitioned
 * by user) and the liveness of every gateway from {@code gateway-heartbeats} (a global store), and marks offline,
 * within {@code presence.gateway-timeout}, every user whose sessions were all on a gateway that went silent. It also
 * keeps every session's latest checkpoint ({@code session-checkpoints}) for gateways asked to resume a session they
 * do not hold.
 */
public final class PresenceTopology {
    /** The app's name; with the deployment's prefix, its application id. */
    public static final String APP = "presence";

    private PresenceTopology() {
    }

    public static void build(StreamsBuilder builder, StreamsAppContext context) {
        String prefix = context.topicPrefix();
        Topic<Long, SessionEvent> sessions = Topics.SESSION_EVENTS.withPrefix(prefix);
        Topic<Long, UserEvent> users = Topics.USER_EVENTS.withPrefix(prefix);
        Topic<Long, PresenceUpdate> updates = Topics.PRESENCE_UPDATES.withPrefix(prefix);
        Topic<String, GatewayHeartbeat> heartbeats = Topics.GATEWAY_HEARTBEATS.withPrefix(prefix);
        Topic<String, SessionCheckpoint> checkpoints = Topics.SESSION_CHECKPOINTS.withPrefix(prefix);
        Duration timeout = context.settings().get(PresenceSettings.GATEWAY_TIMEOUT);
        Duration check = context.settings().get(PresenceSettings.CHECK_INTERVAL);
        long maxRecordBytes = context.settings().get(PresenceSettings.STATE_RECORD_MAX_BYTES);

        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(PresenceStores.SESSIONS),
                Serdes.Long(), new JsonSerde<>(PresenceState.class)));
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(PresenceStores.GUILDS),
                Serdes.Long(), new JsonSerde<>(UserGuilds.class)));
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(PresenceStores.GATEWAY_SESSIONS),
                Serdes.String(), Serdes.Long()));
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(PresenceStores.SESSION_CHECKPOINTS),
                Serdes.String(), new JsonSerde<>(SessionCheckpoint.class)));
        builder.addGlobalStore(Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(PresenceStores.GATEWAY_LIVENESS),
                        Serdes.String(), new JsonSerde<>(GatewayHeartbeat.class)).withLoggingDisabled(),
                heartbeats.name(), Consumed.with(heartbeats.keySerde(), heartbeats.valueSerde()).withName("gateway-heartbeats"),
                LivenessRecorder::new);

        String[] stores = {PresenceStores.SESSIONS, PresenceStores.GUILDS, PresenceStores.GATEWAY_SESSIONS};
        Produced<Long, PresenceUpdate> produced = Produced.with(updates.keySerde(), updates.valueSerde());
        builder.stream(sessions.name(), Consumed.with(sessions.keySerde(), sessions.valueSerde()).withName("session-events"))
                .process(() -> new SessionPresenceProcessor(timeout, check, maxRecordBytes), Named.as("session-presence"), stores)
                .to(updates.name(), produced.withName("presence-updates-of-sessions"));
        builder.stream(users.name(), Consumed.with(users.keySerde(), users.valueSerde()).withName("user-events"))
                .process(() -> new UserEventsProcessor(maxRecordBytes), Named.as("user-presence"), stores)
                .to(updates.name(), Produced.with(updates.keySerde(), updates.valueSerde()).withName("presence-updates-of-users"));
        Duration maxAge = context.settings().get(PresenceSettings.SESSION_CHECKPOINT_MAX_AGE);
        Duration sweep = context.settings().get(PresenceSettings.SESSION_CHECKPOINT_SWEEP);
        builder.stream(checkpoints.name(), Consumed.with(checkpoints.keySerde(), checkpoints.valueSerde())
                        .withName("session-checkpoints"))
                .process(() -> new CheckpointRecorder(maxAge, sweep), Named.as("session-checkpoint-store"),
                        PresenceStores.SESSION_CHECKPOINTS);
    }

    public static Properties config(StreamsAppContext context) {
        return context.baseConfig(APP);
    }
}
