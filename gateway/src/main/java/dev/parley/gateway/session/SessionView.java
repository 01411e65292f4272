package dev.parley.gateway.session;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.parley.schemas.json.SnowflakeId;

/**
 * A live session as the admin API shows it (JSON in snake case).
 *
 * @param lastSequence       the last {@code s} given
 * @param queueBytes         bytes queued for the client and not yet written (0 when detached)
 * @param heartbeatAgeMillis milliseconds since the client's last heartbeat (-1 when detached)
 * @param shed               dispatches this session shed while congested (dropped or coalesced)
 * @param deferred           dispatches kept back now, waiting for the queue to drain
 */
public record SessionView(String sessionId, @SnowflakeId long userId, String username, boolean bot, long intents,
                          int shardId, int shardCount, int guildCount, @JsonProperty("last_s") long lastSequence,
                          boolean attached, long queueBytes, @JsonProperty("heartbeat_age_ms") long heartbeatAgeMillis,
                          long shed, int deferred, String status, String os, String browser, boolean ended) {
}
