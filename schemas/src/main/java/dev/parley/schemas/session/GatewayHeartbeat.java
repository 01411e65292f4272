package dev.parley.schemas.session;

/**
 * A gateway is alive: one record per gateway per interval on {@code gateway-heartbeats} (keyed and compacted by
 * gateway id), not one per session. A gateway whose heartbeats stop is dead, and its sessions with it.
 *
 * @param at         ms since the epoch, by the gateway's clock
 * @param intervalMs how often the gateway sends these
 * @param workerId   the gateway's {@code gateway.worker-id}, which names the ids it makes (null from gateways that
 *                   did not say): a gateway does not start while another that is alive has the same
 * @param startedAt  when this run of the gateway started, ms since the epoch by its clock (null from gateways that
 *                   did not say): a gateway restarted under the same id has none of the sessions it had before
 */
public record GatewayHeartbeat(String gatewayId, long at, long intervalMs, Integer workerId, Long startedAt) {
}
