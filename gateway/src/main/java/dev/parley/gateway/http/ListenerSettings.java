package dev.parley.gateway.http;

import dev.parley.config.Setting;

import java.time.Duration;
import java.util.List;

/**
 * The HTTP listener's own limits (Undertow's request parsing and idle timeouts, header and parameter bounds, the
 * REST body deadline) and where a client's address comes from. None of them applies to a WebSocket once it is
 * upgraded: its liveness is the heartbeat's business.
 */
public final class ListenerSettings {
    public static final Setting<Duration> REQUEST_PARSE_TIMEOUT = Setting.ofDuration("gateway.http.request-parse-timeout",
            Duration.ofSeconds(10), "How long a client may take to send a request's line and headers once it started; "
                    + "then the connection is closed (headers trickled a byte at a time).");
    public static final Setting<Duration> IDLE_TIMEOUT = Setting.ofDuration("gateway.http.idle-timeout",
            Duration.ofSeconds(60), "How long an HTTP connection may sit without a request (before the first one, or "
                    + "between keep-alive requests) before it is closed.");
    public static final Setting<Duration> BODY_TIMEOUT = Setting.ofDuration("gateway.http.body-timeout",
            Duration.ofSeconds(10), "How long a REST request's body may take to arrive once its headers did; then it "
                    + "is answered 408 and the connection closed (a body trickled a byte at a time).");
    public static final Setting<Integer> MAX_HEADERS = Setting.ofInt("gateway.http.max-headers", 64,
            "Most headers a request may carry; more is answered 400 and the connection closed.");
    public static final Setting<Long> MAX_HEADER_BYTES = Setting.ofBytes("gateway.http.max-header-bytes", 16 * 1024,
            "Largest request line and headers together; larger is answered 400 and the connection closed.");
    public static final Setting<Integer> MAX_PARAMETERS = Setting.ofInt("gateway.http.max-parameters", 64,
            "Most query parameters a request may carry; more is answered 400.");
    public static final Setting<Boolean> PROXY_PROTOCOL = Setting.ofBoolean("gateway.proxy-protocol", false,
            "Whether every connection starts with a PROXY protocol (v1 or v2) header naming the client, as a load "
                    + "balancer sends it; the per-address limits then count that address. Only behind a balancer that "
                    + "sends it, and with gateway.proxy-protocol.trusted-sources: connections without a header are "
                    + "refused. X-Forwarded-For is never read.");
    public static final Setting<String> PROXY_TRUSTED_SOURCES = Setting.ofString("gateway.proxy-protocol.trusted-sources",
            "", "The balancers allowed to send the PROXY protocol header: comma-separated IP addresses or CIDR blocks "
                    + "(10.0.0.0/8, 2001:db8::/32). Required with gateway.proxy-protocol; a connection from any other "
                    + "peer is closed before its header is read, so nobody reaching gateway.port directly can claim "
                    + "another client's address.");

    public static final List<Setting<?>> ALL = List.of(REQUEST_PARSE_TIMEOUT, IDLE_TIMEOUT, BODY_TIMEOUT, MAX_HEADERS,
            MAX_HEADER_BYTES, MAX_PARAMETERS, PROXY_PROTOCOL, PROXY_TRUSTED_SOURCES);

    private ListenerSettings() {
    }
}
