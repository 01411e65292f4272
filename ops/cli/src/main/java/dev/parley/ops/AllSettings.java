package dev.parley.ops;

import dev.parley.config.Setting;
import dev.parley.gateway.GatewaySettings;
import dev.parley.gateway.auth.AuthSettings;
import dev.parley.gateway.http.ListenerSettings;
import dev.parley.gateway.ratelimit.RateLimitSettings;
import dev.parley.gateway.session.AdmissionSettings;
import dev.parley.ops.cluster.LocalClusterSettings;
import dev.parley.schemas.KafkaSettings;
import dev.parley.schemas.cluster.ClusterSettings;
import dev.parley.streams.StreamsSettings;
import dev.parley.streams.guild.GuildSettings;
import dev.parley.streams.presence.PresenceSettings;

import java.util.List;
import java.util.stream.Stream;

/** Every setting of every component, in the order the configuration file documents them. */
final class AllSettings {
    static final List<Setting<?>> ALL = Stream.of(KafkaSettings.ALL, ClusterSettings.ALL, StackSettings.ALL,
            GatewaySettings.ALL, ListenerSettings.ALL, AdmissionSettings.ALL, RateLimitSettings.ALL, AuthSettings.ALL,
            StreamsSettings.ALL, GuildSettings.ALL, PresenceSettings.ALL, LocalClusterSettings.ALL).flatMap(List::stream).toList();

    private AllSettings() {
    }
}
