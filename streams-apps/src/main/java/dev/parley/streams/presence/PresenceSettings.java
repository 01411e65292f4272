package dev.parley.streams.presence;

import dev.parley.config.Setting;

import java.time.Duration;
import java.util.List;

/** The presence app's settings. */
public final class PresenceSettings {
    public static final Setting<Duration> GATEWAY_TIMEOUT = Setting.ofDuration("presence.gateway-timeout",
            Duration.ofMillis(2500), "A gateway silent for this long is dead: users whose sessions were all there go offline "
                    + "(with the 500 ms liveness interval and 250 ms checks, others see it within 3 s of the crash).");
    public static final Setting<Duration> CHECK_INTERVAL = Setting.ofDuration("presence.check-interval",
            Duration.ofMillis(250), "How often the presence app looks for dead gateways (wall-clock punctuation).");

    public static final List<Setting<?>> ALL = List.of(GATEWAY_TIMEOUT, CHECK_INTERVAL);

    private PresenceSettings() {
    }
}
