package dev.parley.schemas;

import dev.parley.schemas.guild.GuildCommand;
import dev.parley.schemas.guild.GuildEvent;
import dev.parley.schemas.json.JsonSerde;
import dev.parley.schemas.reply.CommandReply;
import dev.parley.schemas.presence.PresenceUpdate;
import dev.parley.schemas.session.FanoutJournalEntry;
import dev.parley.schemas.session.GatewayHeartbeat;
import dev.parley.schemas.session.SessionCheckpoint;
import dev.parley.schemas.session.SessionEvent;
import dev.parley.schemas.user.UserCommand;
import dev.parley.schemas.user.UserEvent;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;

import java.time.Duration;
import java.util.List;

/**
 * Every topic of the system. Apps take these constants and apply the deployment's prefix
 * ({@link Topic#withPrefix}); no app types a topic name or builds a serde inline.
 */
public final class Topics {
    private static final Serde<Long> ID = Serdes.Long();
    private static final Duration WEEK = Duration.ofDays(7);
    /** Dead letters take records larger than any other topic does, so that one refused for its size can be kept. */
    static final int DEAD_LETTER_MAX_BYTES = 16 << 20;

    /** What clients and the REST API ask of a guild; read only by the guild state app, its single writer. */
    public static final Topic<Long, GuildCommand> GUILD_COMMANDS = new Topic<>("guild-commands",
            ID, new JsonSerde<>(GuildCommand.class), KeyKind.GUILD, Partitioning.GUILD_PARTITIONS,
            false, WEEK, "schemas/guild-commands.schema.json");

    /** What happened in a guild, in order: the guild app's decisions, read by every gateway holding its members. */
    public static final Topic<Long, GuildEvent> GUILD_EVENTS = new Topic<>("guild-events",
            ID, new JsonSerde<>(GuildEvent.class), KeyKind.GUILD, Partitioning.GUILD_PARTITIONS,
            false, WEEK, "schemas/guild-events.schema.json");

    /** What users ask about themselves (registration, profile changes, revoking their tokens); read by the user state app. */
    public static final Topic<Long, UserCommand> USER_COMMANDS = new Topic<>("user-commands",
            ID, new JsonSerde<>(UserCommand.class), KeyKind.USER, Partitioning.USER_PARTITIONS,
            false, WEEK, "schemas/user-commands.schema.json");

    /** Gateway sessions starting, resuming and ending; read by the user state app (presence, session starts). */
    public static final Topic<Long, SessionEvent> SESSION_EVENTS = new Topic<>("session-events",
            ID, new JsonSerde<>(SessionEvent.class), KeyKind.USER, Partitioning.USER_PARTITIONS,
            false, Duration.ofDays(2), "schemas/session-events.schema.json");

    /** State apps' answers to commands, keyed by the asking gateway's id; short-lived. */
    public static final Topic<String, CommandReply> COMMAND_REPLIES = new Topic<>("command-replies",
            Serdes.String(), new JsonSerde<>(CommandReply.class), KeyKind.GATEWAY, Partitioning.GATEWAY_PARTITIONS,
            false, Duration.ofHours(1), "schemas/command-replies.schema.json");

    /** What changed for a user (guilds joined and left, profile, tokens revoked); read by the gateways holding the user's sessions. */
    public static final Topic<Long, UserEvent> USER_EVENTS = new Topic<>("user-events",
            ID, new JsonSerde<>(UserEvent.class), KeyKind.USER, Partitioning.USER_PARTITIONS,
            false, WEEK, "schemas/user-events.schema.json");

    /** Users' presence changes, one record per guild of the user; read by gateways and the guild app. */
    public static final Topic<Long, PresenceUpdate> PRESENCE_UPDATES = new Topic<>("presence-updates",
            ID, new JsonSerde<>(PresenceUpdate.class), KeyKind.GUILD, Partitioning.GUILD_PARTITIONS,
            false, Duration.ofDays(1), "schemas/presence-updates.schema.json");

    /**
     * Each gateway's liveness, one record per gateway per interval, written to the gateway's partition and to one led
     * by another broker (so a dead broker does not silence it); compacted to the latest per gateway and partition, the
     * newest record (by timestamp) of a gateway in any partition is what counts. A clean stop writes a tombstone to
     * every partition.
     */
    public static final Topic<String, GatewayHeartbeat> GATEWAY_HEARTBEATS = new Topic<>("gateway-heartbeats",
            Serdes.String(), new JsonSerde<>(GatewayHeartbeat.class), KeyKind.GATEWAY, Partitioning.GATEWAY_PARTITIONS,
            true, Duration.ofHours(1), "schemas/gateway-heartbeats.schema.json");

    /**
     * What each gateway session needs to be rebuilt on another gateway (who, what it asked for, its guilds, and a
     * resume point tying its sequence number to the positions of the records its dispatches came from), keyed and
     * compacted by session id, in the partition of the session's user ({@link Partitioning#userPartition}); written by
     * the gateway holding the session at bounded intervals and when its guilds change, not per event; a session that
     * ends gets a tombstone. Tombstones stay a day.
     */
    public static final Topic<String, SessionCheckpoint> SESSION_CHECKPOINTS = new Topic<>("session-checkpoints",
            Serdes.String(), new JsonSerde<>(SessionCheckpoint.class), KeyKind.SESSION, Partitioning.USER_PARTITIONS,
            true, Duration.ofDays(1), "schemas/session-checkpoints.schema.json");

    /**
     * The order in which each gateway's fan-out routed what it read, one record per poll that returned records, keyed
     * by gateway id ({@link FanoutJournalEntry}); read only by a gateway rebuilding a session another one held, to
     * replay its partitions in the order the first gateway did. Needed for no longer than a session stays resumable.
     */
    public static final Topic<String, FanoutJournalEntry> FANOUT_JOURNAL = new Topic<>("fanout-journal",
            Serdes.String(), new JsonSerde<>(FanoutJournalEntry.class), KeyKind.GATEWAY, Partitioning.GATEWAY_PARTITIONS,
            false, Duration.ofHours(1), "schemas/fanout-journal.schema.json");

    /**
     * What a streams app could not read, process or write, with the original key, value and headers and the error
     * (headers named in {@link DeadLetters}); a guild's dead letters share its partition. Read by operators
     * ({@code parley replay --topic dead-letters}); nothing consumes it automatically.
     */
    public static final Topic<byte[], byte[]> DEAD_LETTERS = new Topic<>("dead-letters",
            Serdes.ByteArray(), Serdes.ByteArray(), KeyKind.SOURCE, Partitioning.GUILD_PARTITIONS,
            false, Duration.ofDays(14), "schemas/dead-letters.schema.json", DEAD_LETTER_MAX_BYTES);

    /** All topics, in creation order. */
    public static final List<Topic<?, ?>> ALL = List.of(GUILD_COMMANDS, GUILD_EVENTS, USER_COMMANDS, SESSION_EVENTS,
            COMMAND_REPLIES, USER_EVENTS, PRESENCE_UPDATES, GATEWAY_HEARTBEATS, SESSION_CHECKPOINTS, FANOUT_JOURNAL,
            DEAD_LETTERS);

    private Topics() {
    }
}
