package dev.parley.streams.guild;

import dev.parley.schemas.Topic;
import dev.parley.schemas.Topics;
import dev.parley.schemas.guild.Guild;
import dev.parley.schemas.guild.GuildCommand;
import dev.parley.schemas.guild.GuildEvent;
import dev.parley.schemas.json.JsonSerde;
import dev.parley.streams.CommandReplies;
import dev.parley.streams.Outcome;
import dev.parley.streams.StreamsAppContext;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.state.Stores;

import java.util.Properties;

/**
 * The guild state app: the single writer of each guild's state. It reads {@code guild-commands}, validates each
 * command against the guild's stores, and writes the resulting events, in order, to {@code guild-events}
 * (both keyed and partitioned by guild id, so a guild's commands and events stay in one task), and answers the
 * asking gateway on {@code command-replies}.
 */
public final class GuildStateTopology {
    /** The app's name; with the deployment's prefix, its application id. */
    public static final String APP = "guild-state";

    private GuildStateTopology() {
    }

    public static void build(StreamsBuilder builder, String topicPrefix) {
        Topic<Long, GuildCommand> commands = Topics.GUILD_COMMANDS.withPrefix(topicPrefix);
        Topic<Long, GuildEvent> events = Topics.GUILD_EVENTS.withPrefix(topicPrefix);
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(GuildStores.GUILDS),
                Serdes.Long(), new JsonSerde<>(Guild.class)));
        KStream<Long, Outcome<GuildEvent>> outcomes = builder
                .stream(commands.name(), Consumed.with(commands.keySerde(), commands.valueSerde()).withName("guild-commands"))
                .processValues(GuildCommandProcessor::new, Named.as("guild-command-processor"), GuildStores.GUILDS);
        outcomes.flatMapValues(Outcome::events, Named.as("guild-events-of-outcome"))
                .to(events.name(), Produced.with(events.keySerde(), events.valueSerde()).withName("guild-events"));
        CommandReplies.route(outcomes, topicPrefix, "guild");
    }

    public static Properties config(StreamsAppContext context) {
        return context.baseConfig(APP);
    }
}
