package dev.parley.schemas.session;

/**
 * A gateway is alive: one record per gateway per interval on {@code gateway-heartbeats} (keyed and compacted by
 * gateway id), not one per session. A gateway whose heartbeats stop is dead, and its sessions with it.
 *
 * @param at         ms since the epoch, by the gateway's clock
 * @param intervalMs how often the gateway sends these
 */
public record GatewayHeartbeat(String gatewayId, long at, long intervalMs) {
}
