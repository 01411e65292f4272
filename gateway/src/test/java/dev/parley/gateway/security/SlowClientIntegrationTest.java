package dev.parley.gateway.security;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.gateway.Gateway;
import dev.parley.gateway.http.ListenerSettings;
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

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Slowloris against the listener, over raw sockets: headers trickled a byte at a time, a body trickled a byte at a
 * time, a connection that never sends a request, too many headers. Each is cut off while a normal request is served,
 * and an identified WebSocket that sits idle longer than every one of these timeouts is still served afterwards.
 */
@ExtendWith(KafkaBrokerExtension.class)
class SlowClientIntegrationTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(1);
    private static GatewayFixture fixture;
    private static Gateway gateway;

    @BeforeAll
    static void start(TestKafka kafka, @TempDir Path state) {
        fixture = GatewayFixture.start(kafka, state, settings -> settings
                .with(ListenerSettings.REQUEST_PARSE_TIMEOUT, TIMEOUT)
                .with(ListenerSettings.IDLE_TIMEOUT, TIMEOUT)
                .with(ListenerSettings.BODY_TIMEOUT, TIMEOUT));
        gateway = fixture.gateway();
    }

    @AfterAll
    static void stop() {
        if (fixture != null) fixture.close();
    }

    @Test
    void shouldCutOffTrickledHeadersWhileServingANormalRequest() throws IOException {
        try (Socket slow = RawHttpClient.open("127.0.0.1", gateway.port())) {
            OutputStream out = slow.getOutputStream();
            out.write("GET /api/v10/gateway HTTP/1.1\r\nHost: localhost\r\nX-Slow: ".getBytes(StandardCharsets.US_ASCII));
            assertEquals(200, fixture.get("/api/v10/gateway", null).statusCode(), "served meanwhile");
            Eventually.await(Duration.ofSeconds(15), "the trickled headers cut off", () -> trickleUntilClosed(slow, 'a'));
        }
    }

    @Test
    void shouldAnswerATrickledBody408AndCloseItsConnection() throws IOException {
        try (Socket slow = RawHttpClient.open("127.0.0.1", gateway.port())) {
            slow.getOutputStream().write(("POST /api/v10/auth/register HTTP/1.1\r\nHost: localhost\r\n"
                    + "Content-Type: application/json\r\nContent-Length: 2000\r\n\r\n{\"username\":\"").getBytes(StandardCharsets.US_ASCII));
            ByteArrayOutputStream answer = new ByteArrayOutputStream();
            Eventually.await(Duration.ofSeconds(15), "the trickled body answered and closed", () -> {
                try {
                    slow.getOutputStream().write('s');
                } catch (IOException closed) {
                    // the server is gone; what it answered is read below
                }
                return readUntilClosed(slow, answer);
            });
            String text = answer.toString(StandardCharsets.UTF_8);
            assertTrue(text.startsWith("HTTP/1.1 408"), text);
            assertTrue(text.contains("\"code\":0"), text);
        }
        assertTrue(fixture.register("punctual", false).has("token"), "a body that arrives is served");
        assertTrue(gateway.metrics().scrape().contains("limit=\"body_timeout\""));
    }

    @Test
    void shouldCloseAConnectionThatNeverSendsARequest() throws IOException {
        try (Socket idle = RawHttpClient.open("127.0.0.1", gateway.port())) {
            ByteArrayOutputStream nothing = new ByteArrayOutputStream();
            Eventually.await(Duration.ofSeconds(15), "the idle connection closed", () -> readUntilClosed(idle, nothing));
            assertEquals(0, nothing.size());
        }
    }

    @Test
    void shouldRefuseRequestsWithTooManyOrTooLargeHeadersOrTooManyParameters() {
        Map<String, String> headers = new LinkedHashMap<>();
        for (int i = 0; i <= ListenerSettings.MAX_HEADERS.defaultValue(); i++) headers.put("X-Many-" + i, "x");
        RawHttpClient.Answer refused = RawHttpClient.send("127.0.0.1", gateway.port(), null, "GET", "/api/v10/gateway",
                headers, null);
        assertEquals(400, refused.status(), refused.body());
        RawHttpClient.Answer huge = RawHttpClient.send("127.0.0.1", gateway.port(), null, "GET", "/api/v10/gateway",
                Map.of("X-Huge", "h".repeat(ListenerSettings.MAX_HEADER_BYTES.defaultValue().intValue())), null);
        assertEquals(400, huge.status(), "headers over gateway.http.max-header-bytes");
        String query = IntStream.rangeClosed(0, ListenerSettings.MAX_PARAMETERS.defaultValue()).mapToObj(i -> "p" + i + "=1")
                .collect(Collectors.joining("&"));
        RawHttpClient.Answer parameters = RawHttpClient.send("127.0.0.1", gateway.port(), null, "GET",
                "/api/v10/gateway?" + query, Map.of(), null);
        assertEquals(400, parameters.status(), "query parameters over gateway.http.max-parameters");
        assertEquals(200, RawHttpClient.send("127.0.0.1", gateway.port(), null, "GET", "/api/v10/gateway", Map.of(), null)
                .status());
    }

    @Test
    void shouldKeepAnIdentifiedWebSocketThatIsIdleLongerThanEveryListenerTimeout() throws IOException {
        JsonNode user = fixture.register("patient", false);
        try (GatewayTestClient client = fixture.connect("")) {
            client.expectOp(10);
            client.identify(user.get("token").asText(), Intents.GUILDS);
            try (Socket idle = RawHttpClient.open("127.0.0.1", gateway.port())) {
                Eventually.await(Duration.ofSeconds(15), "an idle HTTP connection closed meanwhile",
                        () -> readUntilClosed(idle, new ByteArrayOutputStream()));
            }
            long until = System.nanoTime() + 3 * TIMEOUT.toNanos();
            Eventually.await(Duration.ofSeconds(10), "idle three times the longest timeout", () -> System.nanoTime() >= until);
            assertFalse(client.isClosed(), "the listener's timeouts stop applying once a connection is a WebSocket");
            client.send("{\"op\":1,\"d\":null}");
            client.expectOp(11);
        }
    }

    /** Writes one byte; true once the server has closed the connection. */
    private static Boolean trickleUntilClosed(Socket socket, char b) {
        try {
            socket.getOutputStream().write(b);
        } catch (IOException closed) {
            return true;
        }
        return readUntilClosed(socket, new ByteArrayOutputStream());
    }

    /** Reads what has arrived into {@code into}; true once the server has closed the connection. */
    private static Boolean readUntilClosed(Socket socket, ByteArrayOutputStream into) {
        try {
            socket.setSoTimeout(1);
            InputStream in = socket.getInputStream();
            byte[] buffer = new byte[4096];
            while (true) {
                int n = in.read(buffer);
                if (n < 0) return true;
                into.write(buffer, 0, n);
            }
        } catch (SocketTimeoutException stillOpen) {
            return false;
        } catch (IOException reset) {
            return true;
        }
    }
}
