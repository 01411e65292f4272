package dev.parley.streams.guild;

import dev.parley.schemas.Topic;
import dev.parley.schemas.Topics;
import dev.parley.schemas.guild.Guild;
import dev.parley.schemas.guild.GuildCommand;
import dev.parley.schemas.guild.GuildEvent;
import dev.parley.schemas.guild.Member;
import dev.parley.schemas.guild.Message;
import dev.parley.schemas.json.JsonSerde;
import dev.parley.schemas.presence.PresenceUpdate;
import dev.parley.streams.CommandReplies;
import dev.parley.streams.Outcome;
import dev.parley.streams.StreamsAppContext;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.state.Stores;

import java.util.Properties;

/**
 * The guild state app: the single writer of each guild's state. It reads {@code guild-commands}, validates each
 * command against the guild's stores, writes the resulting events, in order, to {@code guild-events} (both keyed
 * and partitioned by guild id, so a guild's commands and events stay in one task), and answers the asking gateway
 * on {@code command-replies}. It also keeps each task's channel index (channel id → guild), which lets
 * channel-addressed requests find their guild: a channel id names its guild's partition.
 */
public final class GuildStateTopology {
    /** The app's name; with the deployment's prefix, its application id. */
    public static final String APP = "guild-state";
    /** The app's window stores (the others are key-value stores). */
    public static final java.util.Set<String> WINDOW_STORES = java.util.Set.of(GuildStores.MESSAGE_NONCES);

    private GuildStateTopology() {
    }

    public static void build(StreamsBuilder builder, StreamsAppContext context) {
        String prefix = context.topicPrefix();
        Topic<Long, GuildCommand> commands = Topics.GUILD_COMMANDS.withPrefix(prefix);
        Topic<Long, GuildEvent> events = Topics.GUILD_EVENTS.withPrefix(prefix);
        Topic<Long, PresenceUpdate> presences = Topics.PRESENCE_UPDATES.withPrefix(prefix);
        GuildLimits limits = GuildLimits.from(context.settings());
        int historyLimit = limits.historyPerChannel();
        addStores(builder, limits);

        KStream<Long, Outcome<GuildEvent>> outcomes = builder
                .stream(commands.name(), Consumed.with(commands.keySerde(), commands.valueSerde()).withName("guild-commands"))
                .processValues(() -> new GuildCommandProcessor(limits), Named.as("guild-command-processor"),
                        GuildStores.GUILDS, GuildStores.MEMBERS, GuildStores.MESSAGES, GuildStores.HISTORY_SIZES,
                        GuildStores.HISTORY_FLOORS, GuildStores.MESSAGE_NONCES, GuildStores.CHANNEL_GUILDS,
                        GuildStores.PRESENCES);
        KStream<Long, GuildEvent> decided = outcomes.flatMapValues(Outcome::events, Named.as("guild-events-of-outcome"));
        decided.to(events.name(), Produced.with(events.keySerde(), events.valueSerde()).withName("guild-events"));
        CommandReplies.route(outcomes, prefix, "guild");

        builder.stream(presences.name(), Consumed.with(presences.keySerde(), presences.valueSerde()).withName("presence-updates"))
                .process(() -> new PresenceIndexer(historyLimit), Named.as("presence-indexer"), GuildStores.GUILDS,
                        GuildStores.MEMBERS, GuildStores.MESSAGES, GuildStores.HISTORY_SIZES, GuildStores.HISTORY_FLOORS,
                        GuildStores.CHANNEL_GUILDS,
                        GuildStores.PRESENCES);
    }

    private static void addStores(StreamsBuilder builder, GuildLimits limits) {
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(GuildStores.GUILDS),
                Serdes.Long(), new JsonSerde<>(Guild.class)));
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(GuildStores.MEMBERS),
                Serdes.Bytes(), new JsonSerde<>(Member.class)));
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(GuildStores.MESSAGES),
                Serdes.Bytes(), new JsonSerde<>(Message.class)));
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(GuildStores.HISTORY_SIZES),
                Serdes.Long(), Serdes.Long()));
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(GuildStores.HISTORY_FLOORS),
                Serdes.Long(), Serdes.Long()));
        builder.addStateStore(Stores.windowStoreBuilder(Stores.persistentWindowStore(GuildStores.MESSAGE_NONCES,
                limits.nonceWindow(), limits.nonceWindow(), false), Serdes.Bytes(), Serdes.Long()));
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(GuildStores.CHANNEL_GUILDS),
                Serdes.Long(), Serdes.Long()));
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(GuildStores.PRESENCES),
                Serdes.Bytes(), new JsonSerde<>(PresenceUpdate.class)));
    }

    /**
     * The app's configuration: the shared one, with its changelog topics and producer taking records a little larger
     * than {@code guild.state-record-max-bytes}, so that the guard on the guild record, not Kafka, is what refuses.
     */
    public static Properties config(StreamsAppContext context) {
        Properties p = context.baseConfig(APP);
        long recordLimit = Math.max(1 << 20, GuildLimits.from(context.settings()).stateRecordMaxBytes() + (64 << 10));
        p.put(StreamsConfig.producerPrefix(ProducerConfig.MAX_REQUEST_SIZE_CONFIG), (int) Math.min(Integer.MAX_VALUE, recordLimit));
        p.put(StreamsConfig.topicPrefix(TopicConfig.MAX_MESSAGE_BYTES_CONFIG), String.valueOf(recordLimit));
        return p;
    }
}
