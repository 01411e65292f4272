package dev.parley.streams.presence;

import dev.parley.config.Setting;

import java.time.Duration;
import java.util.List;

/** The presence app's settings. */
public final class PresenceSettings {
    public static final Setting<Duration> GATEWAY_TIMEOUT = Setting.ofDuration("presence.gateway-timeout",
            Duration.ofSeconds(3), "A gateway silent for this long is dead: users whose sessions were all there go offline.");
    public static final Setting<Duration> CHECK_INTERVAL = Setting.ofDuration("presence.check-interval",
            Duration.ofMillis(500), "How often the presence app looks for dead gateways (wall-clock punctuation).");

    public static final List<Setting<?>> ALL = List.of(GATEWAY_TIMEOUT, CHECK_INTERVAL);

    private PresenceSettings() {
    }
}
