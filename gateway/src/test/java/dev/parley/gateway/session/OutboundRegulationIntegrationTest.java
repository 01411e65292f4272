package dev.parley.gateway.session;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.gateway.GatewaySettings;
import dev.parley.gateway.protocol.Intents;
import dev.parley.gateway.testing.GatewayFixture;
import dev.parley.gateway.testing.GatewayTestClient;
import dev.parley.kafka.testkit.Eventually;
import dev.parley.kafka.testkit.KafkaBrokerExtension;
import dev.parley.kafka.testkit.TestKafka;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A client that stops reading, over real sockets against a real gateway: bounded queue, resumable close, catch-up. */
@ExtendWith(KafkaBrokerExtension.class)
class OutboundRegulationIntegrationTest {
    private static final long QUEUE_BYTES = 128 * 1024;
    private static final int PAYLOAD_BYTES = 4000;
    private static GatewayFixture fixture;
    private static String token;

    @BeforeAll
    static void start(TestKafka kafka, @TempDir Path state) {
        fixture = GatewayFixture.start(kafka, state, settings -> settings
                .with(GatewaySettings.OUTBOUND_QUEUE_BYTES, QUEUE_BYTES)
                .with(GatewaySettings.REPLAY_BUFFER_BYTES, 64L << 20)
                .with(GatewaySettings.REPLAY_BUFFER_EVENTS, 20_000));
        token = fixture.register("slowpoke", false).get("token").asText();
    }

    @AfterAll
    static void stop() {
        if (fixture != null) fixture.close();
    }

    @Test
    void shouldCloseAReaderThatFallsTooFarBehindWith4000AndLetItCatchUpByResume() {
        String sessionId;
        List<JsonNode> received = new ArrayList<>();
        long overflowsBefore = fixture.gateway().metrics().regulation().get("overflow_closes");
        try (GatewayTestClient client = fixture.connect("")) {
            client.expectOp(10);
            JsonNode ready = client.identify(token, Intents.GUILDS);
            sessionId = ready.get("d").get("session_id").asText();
            GatewaySession session = fixture.session(sessionId);

            client.pauseReading();
            int n = 0;
            while (fixture.gateway().metrics().regulation().get("overflow_closes") == overflowsBefore) {
                assertTrue(n < 20_000, "80 MB sent to a client that reads nothing, and its queue never overflowed");
                session.dispatch("TEST_EVENT", payload(++n));
                if (n % 100 == 0) {
                    Eventually.await(Duration.ofSeconds(10), "the I/O thread took up the queued frames",
                            () -> fixture.gateway().metrics().awaitingIoBytes() == 0);
                }
            }
            client.resumeReading();
            assertEquals(4000, client.awaitCloseCode(), "resumable close for a reader too slow");
            JsonNode message;
            while ((message = poll(client)) != null) received.add(message);
            assertTrue(session.sequence() > received.size() + 1, "the close came before everything was read");
        }
        GatewaySession session = fixture.session(sessionId);
        long total = session.sequence();
        long last = received.isEmpty() ? 1 : received.get(received.size() - 1).get("s").asLong();
        for (int i = 0; i < received.size(); i++) {
            assertEquals(i + 2, received.get(i).get("s").asLong(), "s rises by one after READY (s=1)");
        }
        try (GatewayTestClient client = fixture.connect("")) {
            client.expectOp(10);
            client.send("{\"op\":6,\"d\":{\"token\":\"" + token + "\",\"session_id\":\"" + sessionId + "\",\"seq\":" + last + "}}");
            for (long s = last + 1; s <= total; s++) {
                JsonNode frame = client.next();
                assertEquals(s, frame.get("s").asLong(), "replayed in order, none missing: " + frame.get("t"));
                assertEquals(s - 1, frame.get("d").get("n").asLong(), "the event dispatched as number s - 1");
            }
            assertEquals("RESUMED", client.next().get("t").asText());
        }
    }

    private static JsonNode poll(GatewayTestClient client) {
        try {
            return client.poll(Duration.ofMillis(200));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    private static byte[] payload(int n) {
        String padding = "x".repeat(PAYLOAD_BYTES);
        return ("{\"n\":" + n + ",\"pad\":\"" + padding + "\"}").getBytes(StandardCharsets.UTF_8);
    }
}
