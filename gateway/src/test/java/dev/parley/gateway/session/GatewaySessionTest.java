package dev.parley.gateway.session;

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
    private final List<String> sent = new ArrayList<>();
    private final SessionTransport transport = new SessionTransport() {
        @Override
        public void send(byte[] frame) {
            sent.add(new String(frame, StandardCharsets.UTF_8));
        }

        @Override
        public void replaced() {
        }

        @Override
        public void sessionEnded() {
        }
    };

    @Test
    void shouldSendReadyFirstThenTheHeldDispatchesExceptThoseOfGuildsLeftOut() {
        GatewaySession session = new GatewaySession("s", User.of(1, "a", false), 1, Shard.ONLY, 50,
                new ClientProperties("linux", "x", "x"), Presence.online(), new SessionLimits(Duration.ofSeconds(40),
                Duration.ofSeconds(5), 4096, 120, Duration.ofSeconds(60), Duration.ofMinutes(3), 100, 1 << 20,
                Duration.ofSeconds(1)), transport);
        assertEquals(0, session.dispatch(10, "MESSAGE_CREATE", "{\"n\":1}".getBytes(StandardCharsets.UTF_8)));
        session.dispatch(20, "MESSAGE_CREATE", "{\"n\":2}".getBytes(StandardCharsets.UTF_8));
        assertTrue(sent.isEmpty(), "nothing before READY");

        session.start("{}".getBytes(StandardCharsets.UTF_8),
                List.of(new GatewaySession.Dispatch("GUILD_CREATE", "{\"id\":\"10\"}".getBytes(StandardCharsets.UTF_8))), Set.of(20L));

        assertEquals(3, sent.size(), String.valueOf(sent));
        assertTrue(sent.get(0).startsWith("{\"t\":\"READY\",\"s\":1,"));
        assertTrue(sent.get(1).startsWith("{\"t\":\"GUILD_CREATE\",\"s\":2,"));
        assertTrue(sent.get(2).contains("\"s\":3,") && sent.get(2).contains("{\"n\":1}"), "guild 20's event was dropped");
    }
}
