package dev.parley.gateway.session;

import dev.parley.gateway.protocol.Dispatch;
import dev.parley.gateway.metrics.GatewayMetrics;
import dev.parley.gateway.protocol.Intents;
import dev.parley.gateway.protocol.Shard;
import dev.parley.schemas.guild.User;
import dev.parley.schemas.session.ClientProperties;
import dev.parley.schemas.session.Presence;

import java.time.Duration;
import java.util.concurrent.atomic.LongAdder;

/** Started sessions for benchmarks, each attached to a transport that counts what it is given and drops it. */
public final class BenchSessions {
    private static final SessionLimits LIMITS = new SessionLimits(Duration.ofSeconds(40), Duration.ofSeconds(5), 4096,
            120, Duration.ofSeconds(60), Duration.ofMinutes(3), 1000, 2L << 20, 1L << 20, 64 * 1024, Duration.ofSeconds(3));

    private BenchSessions() {
    }

    /** What the sessions' transports were given. */
    public static final LongAdder SENT = new LongAdder();

    private static final SessionTransport COUNTING = new SessionTransport() {
        @Override
        public boolean send(long sequence, Dispatch dispatch) {
            SENT.increment();
            return true;
        }

        @Override
        public void replay(long sequence, Dispatch dispatch) {
            SENT.increment();
        }

        @Override
        public boolean congested() {
            return false;
        }

        @Override
        public long queuedBytes() {
            return 0;
        }

        @Override
        public long heartbeatAgeMillis() {
            return 0;
        }

        @Override
        public void disconnect(String reason) {
        }

        @Override
        public void replaced() {
        }

        @Override
        public void sessionEnded() {
        }

        @Override
        public void tokenRevoked() {
        }
    };

    /** Session {@code n}: user {@code 1000 + n}, GUILDS and GUILD_MESSAGES, half of them with MESSAGE_CONTENT. */
    public static GatewaySession started(int n) {
        long intents = Intents.GUILDS | Intents.GUILD_MESSAGES | (n % 2 == 0 ? Intents.MESSAGE_CONTENT : 0);
        GatewaySession session = new GatewaySession("bench-" + n, User.of(1000 + n, "user" + n, false), intents,
                Shard.ONLY, 50, new ClientProperties("linux", "jmh", "jmh"), 0, Presence.online(), LIMITS,
                new GatewayMetrics("test"), COUNTING);
        session.start("{}".getBytes(java.nio.charset.StandardCharsets.US_ASCII), java.util.List.of(), java.util.Set.of());
        return session;
    }
}
