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
    public static final Setting<Duration> HEARTBEAT_GRACE = Setting.ofDuration("gateway.heartbeat-grace",
            Duration.ofSeconds(5), "How late a heartbeat may be before the session closes with 4009; halfway through it "
                    + "the gateway asks for one (op 1).");
    public static final Setting<Integer> IO_THREADS = Setting.ofInt("gateway.io-threads", 0,
            "Undertow I/O threads; 0 means one per core.");
    public static final Setting<Integer> WORKER_ID = Setting.ofInt("gateway.worker-id", 0,
            "Snowflake worker id (0-15) of the ids this gateway makes; distinct per gateway.");
    public static final Setting<Integer> PAYLOAD_MAX_BYTES = Setting.ofInt("gateway.payload-max-bytes", 4096,
            "Largest client payload; a larger one closes the session with 4002.");
    public static final Setting<Integer> RATE_LIMIT_COMMANDS = Setting.ofInt("gateway.rate-limit.commands", 120,
            "Client commands (heartbeats included) allowed per window; one more closes with 4008.");
    public static final Setting<Duration> RATE_LIMIT_WINDOW = Setting.ofDuration("gateway.rate-limit.window",
            Duration.ofSeconds(60), "The window of gateway.rate-limit.commands.");
    public static final Setting<Duration> RESUME_WINDOW = Setting.ofDuration("gateway.resume-window",
            Duration.ofMinutes(3), "How long a dropped session can be RESUMEd before it ends.");
    public static final Setting<Duration> SESSION_CHECKPOINT_INTERVAL = Setting.ofDuration(
            "gateway.session-checkpoint.interval", Duration.ofSeconds(1), "The longest a session that was handed "
                    + "dispatches goes before its checkpoint (topic session-checkpoints: what rebuilds it on another "
                    + "gateway) is written again; a change of its guilds writes it at once. Idle sessions write nothing.");
    public static final Setting<Duration> SESSION_CHECKPOINT_REFRESH = Setting.ofDuration(
            "gateway.session-checkpoint.refresh", Duration.ofMinutes(15), "The longest any session, even unchanged, goes "
                    + "before its checkpoint is rewritten; less than presence.session-checkpoint.max-age, past which the "
                    + "presence app forgets a checkpoint (so those of a gateway that died go).");
    public static final Setting<Duration> HOLDER_TIMEOUT = Setting.ofDuration("gateway.holder-timeout",
            Duration.ofSeconds(3), "A RESUME of a session another gateway held is taken here only once that gateway has "
                    + "written no liveness heartbeat for this long (dead, or stopped); until then the client gets "
                    + "INVALID_SESSION. At least a few liveness intervals.");
    public static final Setting<Integer> REBUILD_MAX_DISPATCHES = Setting.ofInt("gateway.resume-rebuild.max-dispatches",
            20_000, "The most dispatches a session held by another gateway may have missed and still be resumed here "
                    + "(rebuilt from the log and replayed); one further behind gets INVALID_SESSION. Bounds a rebuild's memory.");
    public static final Setting<Integer> REPLAY_BUFFER_EVENTS = Setting.ofInt("gateway.replay-buffer.events", 1000,
            "Dispatches kept per session for RESUME; a resume from further back gets INVALID_SESSION.");
    public static final Setting<Long> REPLAY_BUFFER_BYTES = Setting.ofBytes("gateway.replay-buffer.bytes", 2L << 20,
            "Bytes of dispatches (as sent) kept per session for RESUME; at least gateway.outbound.queue-bytes, so a "
                    + "session closed for a full queue can resume. Payloads are shared between sessions, so this bounds "
                    + "what can be replayed more than memory.");
    public static final Setting<Long> OUTBOUND_QUEUE_BYTES = Setting.ofBytes("gateway.outbound.queue-bytes", 1L << 20,
            "Bytes queued for one connection and not yet written. Over half of it, TYPING_START is dropped and "
                    + "PRESENCE_UPDATEs are kept to the latest per user until it drains below a quarter; a dispatch "
                    + "that cannot be shed and does not fit closes the connection with 4000 (resumable).");
    public static final Setting<Long> OUTBOUND_BATCH_BYTES = Setting.ofBytes("gateway.outbound.batch-bytes", 64 * 1024,
            "Bytes handed to one socket before waiting for them to be written; frames queued meanwhile go out together.");
    public static final Setting<Long> FANOUT_PAUSE_BYTES = Setting.ofBytes("gateway.fanout.pause-bytes", 64L << 20,
            "Bytes queued for writable sockets that the I/O threads have not got to yet, over which the fan-out stops "
                    + "reading Kafka (until half of it is left): Kafka holds the backlog, not the heap.");
    public static final Setting<Duration> FANOUT_TASK_TIMEOUT = Setting.ofDuration("gateway.fanout.task-timeout",
            Duration.ofSeconds(10), "How long a session's start waits for the fan-out's consumer thread to take it up "
                    + "(watch the user, assign the guilds' partitions, send READY in order); past it the IDENTIFY closes "
                    + "with 4000 (parley_gateway_closes_total cause fanout_stalled) and its start permit is released.");
    public static final Setting<Integer> FANOUT_REPLAY_WINDOW = Setting.ofInt("gateway.fanout.replay-window", 4096,
            "Guild events remembered per guild-events partition to recognise one delivered already: a MESSAGE_CREATE of a "
                    + "message id seen, or an event of the same command with the same bytes (re-emitted when the guild "
                    + "app's tasks move, or for a post retried with its nonce); such a replay is not sent to clients again.");
    public static final Setting<Duration> DRAIN_TIMEOUT = Setting.ofDuration("gateway.drain-timeout",
            Duration.ofSeconds(3), "After RECONNECT on shutdown, how long clients get to leave before they are closed.");
    public static final Setting<String> STATE_QUERY_URLS = Setting.ofString("gateway.state-query-urls",
            "http://localhost:7070", "State query API instances of the streams apps (comma-separated): any one answers, "
                    + "and through it the gateway finds the others (gateway.state-discovery-interval).");
    public static final Setting<Duration> STATE_TIMEOUT = Setting.ofDuration("gateway.state-timeout",
            Duration.ofSeconds(3), "How long a read from the state apps may take before the caller gets 503 / 4000.");
    public static final Setting<Duration> STATE_DISCOVERY_INTERVAL = Setting.ofDuration("gateway.state-discovery-interval",
            Duration.ofSeconds(10), "How often the gateway asks the state query API which streams instances there are, "
                    + "adding them to gateway.state-query-urls (which may then name a single instance); 0 turns it off.");
    public static final Setting<Duration> STATE_DEADLINE = Setting.ofDuration("gateway.state-deadline",
            Duration.ofSeconds(6), "How long a read from the state apps may take from when it is asked, waiting for one "
                    + "of the gateway's connections to the instance included (gateway.state-timeout counts from its "
                    + "sending); then the caller gets 503 / 4000. At least gateway.state-timeout.");
    public static final Setting<Integer> STATE_MAX_QUEUED = Setting.ofInt("gateway.state-max-queued", 10_000,
            "Reads from the state apps that may wait for a connection to one state query instance; one more is "
                    + "answered 503 / 4000 at once (the instance is behind).");
    public static final Setting<Duration> COMMAND_TIMEOUT = Setting.ofDuration("gateway.command-timeout",
            Duration.ofSeconds(5), "How long after a REST write is sent the state app may still apply it (its deadline); "
                    + "later it is refused unapplied, so a client's retry of a write answered 503 is never applied twice.");
    public static final Setting<Duration> COMMAND_REPLY_GRACE = Setting.ofDuration("gateway.command-reply-grace",
            Duration.ofSeconds(1), "How much longer than gateway.command-timeout a REST write waits for the state app's "
                    + "decision (of a write applied just before its deadline) before answering 503.");
    public static final Setting<Integer> MAX_GUILDS_PER_USER = Setting.ofInt("gateway.max-guilds-per-user", 200,
            "Guilds a user may be in (bots too): creating or joining one more answers 400 (code 30001). Bounds the user's "
                    + "guild list, one state record.");
    public static final Setting<Long> IMAGE_MAX_BYTES = Setting.ofBytes("gateway.rest.image-max-bytes", 48 * 1024,
            "Largest image accepted as a data URI (a guild icon), decoded; only its hash is kept (there is no CDN). A "
                    + "request body is also bounded by gateway.rest.body-max-bytes.");
    public static final Setting<Long> REST_BODY_MAX_BYTES = Setting.ofBytes("gateway.rest.body-max-bytes", 64 * 1024,
            "Largest REST request body; a larger one answers 413.");

    public static final Setting<Integer> CHANNEL_CACHE_ENTRIES = Setting.ofInt("gateway.channel-cache-entries", 100_000,
            "Channels whose guild this gateway remembers (for /channels/{id} requests) before asking the state apps again.");

    public static final Setting<Duration> LIVENESS_INTERVAL = Setting.ofDuration("gateway.liveness-interval",
            Duration.ofMillis(500), "How often this gateway tells the presence app it is alive (one record, whatever the sessions).");

    public static final Setting<Integer> STARTS_CONCURRENCY = Setting.ofInt("gateway.session-starts.concurrency", 64,
            "Sessions started at once (IDENTIFY to READY, reading the state apps); later IDENTIFYs wait their turn in order.");
    public static final Setting<Integer> STARTS_MAX_WAITING = Setting.ofInt("gateway.session-starts.max-waiting", 20_000,
            "IDENTIFYs allowed to wait for a turn; one more is closed with 4000 (reconnect later).");

    public static final Setting<String> ADMIN_HOST = Setting.ofString("gateway.admin.host", "127.0.0.1",
            "Address of the admin listener (/metrics for Prometheus, /admin for operators); loopback by default. Any "
                    + "other address needs cluster.secret; keep it on a private network.");
    public static final Setting<Integer> ADMIN_PORT = Setting.ofInt("gateway.admin.port", 8081,
            "Port of the admin listener; 0 picks a free one.");
    public static final Setting<String> ADMIN_TOKEN = Setting.ofString("gateway.admin.token", "",
            "Bearer token the /admin endpoints require (/metrics answers it too, or cluster.secret); empty turns /admin off.");

    public static final List<Setting<?>> ALL = List.of(HOST, PORT, PUBLIC_URL, ID, HEARTBEAT_INTERVAL,
            HEARTBEAT_GRACE, IO_THREADS, WORKER_ID, PAYLOAD_MAX_BYTES, RATE_LIMIT_COMMANDS, RATE_LIMIT_WINDOW,
            RESUME_WINDOW, SESSION_CHECKPOINT_INTERVAL,
            SESSION_CHECKPOINT_REFRESH, HOLDER_TIMEOUT, REBUILD_MAX_DISPATCHES, REPLAY_BUFFER_EVENTS, REPLAY_BUFFER_BYTES, OUTBOUND_QUEUE_BYTES, OUTBOUND_BATCH_BYTES,
            FANOUT_PAUSE_BYTES, FANOUT_REPLAY_WINDOW, FANOUT_TASK_TIMEOUT, DRAIN_TIMEOUT, STATE_QUERY_URLS, STATE_DISCOVERY_INTERVAL, STATE_TIMEOUT, STATE_DEADLINE, STATE_MAX_QUEUED,
            COMMAND_TIMEOUT, COMMAND_REPLY_GRACE, MAX_GUILDS_PER_USER, IMAGE_MAX_BYTES, REST_BODY_MAX_BYTES, CHANNEL_CACHE_ENTRIES, LIVENESS_INTERVAL, STARTS_CONCURRENCY,
            STARTS_MAX_WAITING, ADMIN_HOST, ADMIN_PORT, ADMIN_TOKEN);

    private GatewaySettings() {
    }
}
