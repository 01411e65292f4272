package dev.parley.gateway;

import dev.parley.config.Setting;

import java.time.Duration;
import java.util.List;

/** The gateway's settings, with their defaults. */
public final class GatewaySettings {
    public static final Setting<String> HOST = Setting.ofString("gateway.host", "0.0.0.0",
            "Address the gateway's HTTP and WebSocket listener binds to.");
    public static final Setting<Integer> PORT = Setting.ofInt("gateway.port", 8080,
            "Port of the gateway's HTTP and WebSocket listener; 0 picks a free one.");
    public static final Setting<String> PUBLIC_URL = Setting.ofString("gateway.public-url", "",
            "WebSocket URL clients are told to connect to (GET /gateway, READY's resume_gateway_url); "
                    + "empty means ws://localhost:<port>. Never carries a query string.");
    public static final Setting<String> ID = Setting.ofString("gateway.id", "",
            "This gateway's id in session events and liveness; empty picks gw-<random> at start.");
    public static final Setting<Duration> HEARTBEAT_INTERVAL = Setting.ofDuration("gateway.heartbeat-interval",
            Duration.ofMillis(41250), "heartbeat_interval sent in HELLO.");
    public static final Setting<Integer> IO_THREADS = Setting.ofInt("gateway.io-threads", 0,
            "Undertow I/O threads; 0 means one per core.");

    public static final List<Setting<?>> ALL = List.of(HOST, PORT, PUBLIC_URL, ID, HEARTBEAT_INTERVAL, IO_THREADS);

    private GatewaySettings() {
    }
}
