package dev.parley.gateway.session;

import dev.parley.config.Setting;

import java.time.Duration;
import java.util.List;

/** The gateway's limits on connections, IDENTIFYs, sessions and member requests, with their defaults. */
public final class AdmissionSettings {
    public static final Setting<Integer> SESSION_STARTS_TOTAL = Setting.ofInt("gateway.session-start-limit.total", 1000,
            "Sessions one user may start (IDENTIFY to READY) in 24 hours, all gateways together (1-1000; "
                    + "session_start_limit.total); one more IDENTIFY is closed with 4008 naming when the limit resets.");
    public static final Setting<Integer> MAX_CONCURRENCY = Setting.ofInt("gateway.session-start-limit.max-concurrency", 1,
            "session_start_limit.max_concurrency: IDENTIFY buckets per user (shard_id % max_concurrency), each "
                    + "admitting one IDENTIFY per gateway.session-start-limit.interval.");
    public static final Setting<Duration> IDENTIFY_INTERVAL = Setting.ofDuration("gateway.session-start-limit.interval",
            Duration.ofSeconds(5), "Time between two IDENTIFYs of one user's bucket on a gateway (Discord: 5 s); an "
                    + "earlier one is held until its slot. 0 admits them all at once.");
    public static final Setting<Duration> IDENTIFY_MAX_WAIT = Setting.ofDuration("gateway.session-start-limit.max-wait",
            Duration.ofSeconds(30), "Longest an IDENTIFY is held for its bucket's slot; one whose slot is further away "
                    + "is closed with 4008.");
    public static final Setting<Integer> SESSIONS_PER_USER = Setting.ofInt("gateway.sessions-per-user", 100,
            "Sessions (connected or resumable) one user may have on a gateway; one more IDENTIFY is closed with 4008.");
    public static final Setting<Duration> IDENTIFY_TIMEOUT = Setting.ofDuration("gateway.identify-timeout",
            Duration.ofSeconds(60), "How long a connection may go without sending IDENTIFY or RESUME (after HELLO, or "
                    + "after INVALID_SESSION) before it is closed with 4003.");
    public static final Setting<Integer> CONNECTIONS_PER_ADDRESS = Setting.ofInt("gateway.connections-per-address", 250,
            "WebSocket connections one client address may have open on a gateway; one more is closed with 4008 "
                    + "instead of HELLO.");
    public static final Setting<Duration> WHOLE_GUILD_REQUEST_INTERVAL = Setting.ofDuration(
            "gateway.member-requests.whole-guild-interval", Duration.ofSeconds(30),
            "How often one user may list a whole guild with REQUEST_GUILD_MEMBERS (op 8, empty query); a request "
                    + "sooner is answered with a RATE_LIMITED dispatch (Discord: once per guild per 30 s).");
    public static final Setting<Integer> WHOLE_GUILD_REQUEST_WINDOWS = Setting.ofInt("gateway.member-requests.max-windows",
            100_000, "Windows of whole-guild member requests (per user and guild) a gateway keeps at most, ended ones "
                    + "being dropped every second; when full, a request that would open a new one is answered RATE_LIMITED.");

    public static final List<Setting<?>> ALL = List.of(SESSION_STARTS_TOTAL, MAX_CONCURRENCY, IDENTIFY_INTERVAL,
            IDENTIFY_MAX_WAIT, SESSIONS_PER_USER, IDENTIFY_TIMEOUT, CONNECTIONS_PER_ADDRESS, WHOLE_GUILD_REQUEST_INTERVAL,
            WHOLE_GUILD_REQUEST_WINDOWS);

    private AdmissionSettings() {
    }
}
