package dev.parley.gateway.session;

import dev.parley.gateway.metrics.GatewayMetrics;
import dev.parley.gateway.auth.IntentGrants;
import dev.parley.gateway.auth.TokenGenerations;
import dev.parley.gateway.auth.Tokens;
import dev.parley.gateway.fanout.Fanout;
import dev.parley.gateway.state.GatewayLiveness;
import dev.parley.gateway.state.StateClient;

import java.time.Duration;
import java.util.function.Supplier;

/**
 * What every connection of one gateway shares.
 *
 * @param generations whether genuine tokens still hold, cached: for REST, and for IDENTIFY before its admission
 *                    (IDENTIFY then reads afresh, as RESUME does)
 * @param publicUrl   the gateway's WebSocket URL (READY's {@code resume_gateway_url}), known once bound
 * @param connections the open connections, for draining
 * @param startGate   the turns to start sessions
 * @param metrics     the gateway's metrics, load-regulation counters included
 * @param admission   the limits on connections, IDENTIFYs, sessions and member requests
 * @param gatewayId   this gateway's id
 * @param startedAt   when this run of the gateway started (epoch ms): a checkpoint of its id older than that was left
 *                    by a previous run
 * @param liveness    whether other gateways are alive (a RESUME of a session another one held)
 * @param holderTimeout how long a session's holder must have been silent for the session to be resumed here
 */
public record GatewayContext(SessionLimits limits, Tokens tokens, TokenGenerations generations, IntentGrants grants,
                             StateClient state,
                             SessionRegistry registry, Fanout fanout, Supplier<String> publicUrl,
                             Connections connections, StartGate startGate,
                             GatewayMetrics metrics, Admission admission, String gatewayId, long startedAt, GatewayLiveness liveness,
                             Duration holderTimeout) {
}
