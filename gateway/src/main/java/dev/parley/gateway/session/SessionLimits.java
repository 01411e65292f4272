package dev.parley.gateway.session;

import dev.parley.config.Settings;
import dev.parley.gateway.GatewaySettings;

import java.time.Duration;

/**
 * The session layer's limits and timeouts, resolved once from {@link GatewaySettings} (which documents each).
 */
public record SessionLimits(Duration heartbeatInterval, Duration heartbeatGrace, int payloadMaxBytes,
                            int rateLimitCommands, Duration rateLimitWindow, Duration resumeWindow,
                            int replayBufferEvents, long replayBufferBytes, long outboundQueueBytes,
                            long outboundBatchBytes, Duration drainTimeout) {

    /** @throws IllegalArgumentException when the replay buffer is smaller than the outbound queue */
    public SessionLimits {
        if (replayBufferBytes < outboundQueueBytes) {
            throw new IllegalArgumentException(GatewaySettings.REPLAY_BUFFER_BYTES.key() + " (" + replayBufferBytes
                    + ") must be at least " + GatewaySettings.OUTBOUND_QUEUE_BYTES.key() + " (" + outboundQueueBytes + ")");
        }
    }

    public static SessionLimits from(Settings settings) {
        return new SessionLimits(settings.get(GatewaySettings.HEARTBEAT_INTERVAL),
                settings.get(GatewaySettings.HEARTBEAT_GRACE), settings.get(GatewaySettings.PAYLOAD_MAX_BYTES),
                settings.get(GatewaySettings.RATE_LIMIT_COMMANDS), settings.get(GatewaySettings.RATE_LIMIT_WINDOW),
                settings.get(GatewaySettings.RESUME_WINDOW), settings.get(GatewaySettings.REPLAY_BUFFER_EVENTS),
                settings.get(GatewaySettings.REPLAY_BUFFER_BYTES), settings.get(GatewaySettings.OUTBOUND_QUEUE_BYTES),
                settings.get(GatewaySettings.OUTBOUND_BATCH_BYTES), settings.get(GatewaySettings.DRAIN_TIMEOUT));
    }
}
