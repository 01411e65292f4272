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

    public static final Setting<Long> STATE_RECORD_MAX_BYTES = Setting.ofBytes("presence.state-record-max-bytes", 256 * 1024,
            "Largest a user's presence record (their sessions on every gateway, with activities) may grow, as JSON: "
                    + "beyond it the activities of the least recently updated sessions are dropped, then those sessions, "
                    + "never the latest; so no user can make a record Kafka refuses.");

    public static final Setting<Duration> SESSION_CHECKPOINT_MAX_AGE = Setting.ofDuration(
            "presence.session-checkpoint.max-age", Duration.ofHours(1), "A session checkpoint not rewritten for this long "
                    + "is forgotten (its gateway died, or its tombstone was lost); more than "
                    + "gateway.session-checkpoint.refresh, after which gateways rewrite even unchanged sessions'.");
    public static final Setting<Duration> SESSION_CHECKPOINT_SWEEP = Setting.ofDuration(
            "presence.session-checkpoint.sweep", Duration.ofMinutes(1),
            "How often the presence app looks for session checkpoints past presence.session-checkpoint.max-age.");

    public static final List<Setting<?>> ALL = List.of(GATEWAY_TIMEOUT, CHECK_INTERVAL, STATE_RECORD_MAX_BYTES,
            SESSION_CHECKPOINT_MAX_AGE, SESSION_CHECKPOINT_SWEEP);

    private PresenceSettings() {
    }
}
