package dev.parley.streams;

import dev.parley.streams.guild.GuildStateTopology;
import dev.parley.streams.presence.PresenceTopology;
import dev.parley.streams.user.UserStateTopology;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TopologyConfig;

import java.util.List;
import java.util.Properties;

/** Every streams app of the system, built for one deployment; the one list launchers start and stop. */
public final class StreamsApps {

    private StreamsApps() {
    }

    /** A builder that knows the app's configuration (topology settings such as exception handlers). */
    public static StreamsBuilder builder(Properties config) {
        return new StreamsBuilder(new TopologyConfig(new StreamsConfig(config)));
    }

    /** Builds (does not start) every app. */
    public static List<StreamsApp> create(StreamsAppContext context) {
        Properties guildConfig = GuildStateTopology.config(context);
        StreamsBuilder guildState = builder(guildConfig);
        GuildStateTopology.build(guildState, context);
        Properties userConfig = UserStateTopology.config(context);
        StreamsBuilder userState = builder(userConfig);
        UserStateTopology.build(userState, context);
        Properties presenceConfig = PresenceTopology.config(context);
        StreamsBuilder presence = builder(presenceConfig);
        PresenceTopology.build(presence, context);
        return List.of(
                new StreamsApp(GuildStateTopology.APP, guildState.build(guildConfig), guildConfig, GuildStateTopology.WINDOW_STORES),
                new StreamsApp(UserStateTopology.APP, userState.build(userConfig), userConfig),
                new StreamsApp(PresenceTopology.APP, presence.build(presenceConfig), presenceConfig));
    }
}
