package dev.parley.gateway.session;

import dev.parley.gateway.protocol.Dispatch;
import dev.parley.gateway.metrics.GatewayMetrics;
import dev.parley.gateway.protocol.Shard;
import dev.parley.schemas.guild.User;
import dev.parley.schemas.session.ClientProperties;
import dev.parley.schemas.session.Presence;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class GatewaySessionTest {
    private final GatewayMetrics metrics = new GatewayMetrics("test");
    private final FakeTransport transport = new FakeTransport();

    private record Sent(long s, String type, String payload) {
    }

    private static final class FakeTransport implements SessionTransport {
        final List<Sent> sent = new ArrayList<>();
        boolean congested;

        @Override
        public boolean send(long sequence, Dispatch dispatch) {
            sent.add(new Sent(sequence, dispatch.type(), new String(dispatch.payload(), StandardCharsets.UTF_8)));
            return true;
        }

        @Override
        public void replay(long sequence, Dispatch dispatch) {
            send(sequence, dispatch);
        }

        @Override
        public boolean congested() {
            return congested;
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
    }

    private GatewaySession session() {
        return new GatewaySession("s", User.of(1, "a", false), 1, Shard.ONLY, 50,
                new ClientProperties("linux", "x", "x"), 0, Presence.online(), new SessionLimits(Duration.ofSeconds(40),
                Duration.ofSeconds(5), 4096, 120, Duration.ofSeconds(60), Duration.ofMinutes(3), 100, 1 << 20,
                1 << 20, 64 * 1024, Duration.ofSeconds(1)), metrics, transport);
    }

    private GatewaySession started() {
        GatewaySession session = session();
        session.start(bytes("{}"), List.of(), Set.of());
        transport.sent.clear();
        return session;
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void shouldSendReadyFirstThenTheHeldDispatchesExceptThoseOfGuildsLeftOut() {
        GatewaySession session = session();
        assertEquals(0, session.dispatch(10, "MESSAGE_CREATE", bytes("{\"n\":1}")));
        session.dispatch(20, "MESSAGE_CREATE", bytes("{\"n\":2}"));
        assertTrue(transport.sent.isEmpty(), "nothing before READY");

        session.start(bytes("{}"), List.of(Dispatch.of("GUILD_CREATE", bytes("{\"id\":\"10\"}"))), Set.of(20L));

        assertEquals(List.of(new Sent(1, "READY", "{}"), new Sent(2, "GUILD_CREATE", "{\"id\":\"10\"}"),
                new Sent(3, "MESSAGE_CREATE", "{\"n\":1}")), transport.sent, "guild 20's event was dropped");
    }

    @Test
    void shouldDropTypingAndKeepTheLatestPresencePerUserWhileCongestedWithoutGapsInSequence() {
        GatewaySession session = started();
        transport.congested = true;
        assertEquals(0, session.dispatch(10, Dispatch.droppable("TYPING_START", bytes("{\"t\":1}"))));
        session.dispatch(10, Dispatch.latestPer(7, "PRESENCE_UPDATE", bytes("{\"u\":7,\"v\":1}")));
        session.dispatch(10, Dispatch.latestPer(8, "PRESENCE_UPDATE", bytes("{\"u\":8,\"v\":1}")));
        session.dispatch(10, Dispatch.latestPer(7, "PRESENCE_UPDATE", bytes("{\"u\":7,\"v\":2}")));
        assertEquals(2, session.dispatch(10, Dispatch.of("MESSAGE_CREATE", bytes("{\"m\":1}"))), "never shed; READY was 1");

        transport.congested = false;
        session.dispatch(10, Dispatch.latestPer(8, "PRESENCE_UPDATE", bytes("{\"u\":8,\"v\":2}")));
        assertEquals(1, transport.sent.size(), "a presence does not overtake what is kept back: " + transport.sent);
        session.relieved(transport);

        assertEquals(List.of(new Sent(2, "MESSAGE_CREATE", "{\"m\":1}"),
                new Sent(3, "PRESENCE_UPDATE", "{\"u\":7,\"v\":2}"),
                new Sent(4, "PRESENCE_UPDATE", "{\"u\":8,\"v\":2}")), transport.sent);
        assertEquals(1L, metrics.regulation().get("typing_dropped"));
        assertEquals(2L, metrics.regulation().get("presences_coalesced"));
        assertEquals(4, session.sequence());
    }

    @Test
    void shouldStopSendingWhatWasKeptBackWhenCongestedAgainAndForgetALeftGuilds() {
        GatewaySession session = started();
        transport.congested = true;
        session.dispatch(10, Dispatch.latestPer(7, "PRESENCE_UPDATE", bytes("{\"g\":10}")));
        session.dispatch(20, Dispatch.latestPer(7, "PRESENCE_UPDATE", bytes("{\"g\":20}")));
        session.dispatch(30, Dispatch.latestPer(7, "PRESENCE_UPDATE", bytes("{\"g\":30}")));
        session.relieved(transport);
        assertTrue(transport.sent.isEmpty(), "still congested");

        session.forgetDeferred(20);
        transport.congested = false;
        session.relieved(transport);
        assertEquals(List.of(new Sent(2, "PRESENCE_UPDATE", "{\"g\":10}"), new Sent(3, "PRESENCE_UPDATE", "{\"g\":30}")),
                transport.sent);
    }

    @Test
    void shouldReplayFromTheSharedDispatchesWithTheirOriginalSequenceNumbers() {
        GatewaySession session = started();
        for (int i = 1; i <= 3; i++) session.dispatch(10, Dispatch.of("M", bytes("{\"n\":" + i + "}")));
        FakeTransport next = new FakeTransport();
        assertEquals(GatewaySession.ResumeOutcome.RESUMED, session.resume(next, 2), "READY was 1, n=1 was 2");
        assertEquals(List.of(new Sent(3, "M", "{\"n\":2}"), new Sent(4, "M", "{\"n\":3}"), new Sent(5, "RESUMED", "{}")),
                next.sent);
    }
}
