package dev.parley.schemas;

import dev.parley.schemas.guild.GuildCommand;
import dev.parley.schemas.guild.GuildEvent;
import dev.parley.schemas.json.JsonSerde;
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

    /** What clients and the REST API ask of a guild; read only by the guild state app, its single writer. */
    public static final Topic<Long, GuildCommand> GUILD_COMMANDS = new Topic<>("guild-commands",
            ID, new JsonSerde<>(GuildCommand.class), KeyKind.GUILD, Partitioning.GUILD_PARTITIONS,
            false, WEEK, "schemas/guild-commands.schema.json");

    /** What happened in a guild, in order: the guild app's decisions, read by every gateway holding its members. */
    public static final Topic<Long, GuildEvent> GUILD_EVENTS = new Topic<>("guild-events",
            ID, new JsonSerde<>(GuildEvent.class), KeyKind.GUILD, Partitioning.GUILD_PARTITIONS,
            false, WEEK, "schemas/guild-events.schema.json");

    /** All topics, in creation order. */
    public static final List<Topic<?, ?>> ALL = List.of(GUILD_COMMANDS, GUILD_EVENTS);

    private Topics() {
    }
}
