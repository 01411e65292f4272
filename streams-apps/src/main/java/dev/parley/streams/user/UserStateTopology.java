package dev.parley.streams.user;

import dev.parley.schemas.Partitioning;
import dev.parley.schemas.Topic;
import dev.parley.schemas.Topics;
import dev.parley.schemas.guild.GuildCommand;
import dev.parley.schemas.guild.GuildEvent;
import dev.parley.schemas.guild.User;
import dev.parley.schemas.json.JsonSerde;
import dev.parley.schemas.session.SessionEvent;
import dev.parley.schemas.session.SessionStarts;
import dev.parley.schemas.user.UserCommand;
import dev.parley.schemas.user.UserEvent;
import dev.parley.schemas.user.UserGuilds;
import dev.parley.streams.CommandReplies;
import dev.parley.streams.Outcome;
import dev.parley.streams.StreamsAppContext;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.Repartitioned;
import org.apache.kafka.streams.state.Stores;

import java.util.Properties;

/**
 * The user state app: the single writer of each user's own state. It reads {@code user-commands} (registration,
 * profile changes, token revocations) into the {@code users} and {@code user-token-generations} stores, answering the
 * asking gateway and announcing a changed profile to the user's sessions ({@code user-events}) and guilds
 * ({@code guild-commands}), and a revocation to the user's sessions; counts session starts from {@code session-events}
 * for {@code session_start_limit}; and keeps each user's guild list from the membership events of
 * {@code guild-events}, repartitioned by user, announcing joins and leaves on {@code user-events}.
 */
public final class UserStateTopology {
    /** The app's name; with the deployment's prefix, its application id. */
    public static final String APP = "user-state";

    private UserStateTopology() {
    }

    public static void build(StreamsBuilder builder, StreamsAppContext context) {
        String topicPrefix = context.topicPrefix();
        Topic<Long, UserCommand> commands = Topics.USER_COMMANDS.withPrefix(topicPrefix);
        Topic<Long, SessionEvent> sessions = Topics.SESSION_EVENTS.withPrefix(topicPrefix);
        Topic<Long, GuildEvent> guildEvents = Topics.GUILD_EVENTS.withPrefix(topicPrefix);
        Topic<Long, UserEvent> userEvents = Topics.USER_EVENTS.withPrefix(topicPrefix);
        Topic<Long, GuildCommand> guildCommands = Topics.GUILD_COMMANDS.withPrefix(topicPrefix);
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(UserStores.USERS),
                Serdes.Long(), new JsonSerde<>(User.class)));
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(UserStores.SESSION_STARTS),
                Serdes.Long(), new JsonSerde<>(SessionStarts.class)));

        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(UserStores.USER_GUILDS),
                Serdes.Long(), new JsonSerde<>(UserGuilds.class)));
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(UserStores.TOKEN_GENERATIONS),
                Serdes.Long(), Serdes.Long()));
        KStream<Long, Outcome<UserEffect>> outcomes = builder
                .stream(commands.name(), Consumed.with(commands.keySerde(), commands.valueSerde()).withName("user-commands"))
                .processValues(UserCommandProcessor::new, Named.as("user-command-processor"), UserStores.USERS,
                        UserStores.USER_GUILDS, UserStores.TOKEN_GENERATIONS);
        CommandReplies.route(outcomes, topicPrefix, "user");
        KStream<Long, UserEffect> effects = outcomes.flatMapValues(Outcome::events, Named.as("user-effects"));
        effects.filter((id, effect) -> effect instanceof UserEffect.ToUsers, Named.as("user-effects-for-users"))
                .mapValues(effect -> ((UserEffect.ToUsers) effect).event(), Named.as("user-effect-events"))
                .to(userEvents.name(), Produced.with(userEvents.keySerde(), userEvents.valueSerde()).withName("user-profile-events"));
        effects.filter((id, effect) -> effect instanceof UserEffect.ToGuild, Named.as("user-effects-for-guilds"))
                .map((id, effect) -> KeyValue.pair(((UserEffect.ToGuild) effect).command().guildId(),
                        ((UserEffect.ToGuild) effect).command()), Named.as("user-effect-guild-commands"))
                .to(guildCommands.name(), Produced.with(guildCommands.keySerde(), guildCommands.valueSerde())
                        .withName("member-profile-commands"));

        builder.stream(sessions.name(), Consumed.with(sessions.keySerde(), sessions.valueSerde()).withName("session-events"))
                .process(SessionStartCounter::new, Named.as("session-start-counter"), UserStores.SESSION_STARTS);

        builder.stream(guildEvents.name(), Consumed.with(guildEvents.keySerde(), guildEvents.valueSerde()).withName("guild-events"))
                .process(MembershipChanges::new, Named.as("membership-changes"))
                .repartition(Repartitioned.with(Serdes.Long(), new JsonSerde<>(MembershipChange.class))
                        .withName("memberships-by-user").withNumberOfPartitions(Partitioning.USER_PARTITIONS))
                .process(UserGuildsUpdater::new, Named.as("user-guilds-updater"), UserStores.USER_GUILDS)
                .to(userEvents.name(), Produced.with(userEvents.keySerde(), userEvents.valueSerde()).withName("user-events"));
    }

    public static Properties config(StreamsAppContext context) {
        return context.baseConfig(APP);
    }
}
