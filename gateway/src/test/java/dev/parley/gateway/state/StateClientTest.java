package dev.parley.gateway.state;

import dev.parley.schemas.cluster.ClusterCredential;
import io.undertow.Undertow;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The client over real sockets with instances that cannot be reached: a crashed streams process (nothing listens on
 * its port, perhaps listed twice under two names) must never fail a read another instance can answer.
 */
class StateClientTest {
    private static final StateClient.Bounds BOUNDS = new StateClient.Bounds(Duration.ofSeconds(5), Duration.ofSeconds(10), 100);
    private Undertow live;
    private String liveUrl;
    private final AtomicInteger answered = new AtomicInteger();

    @BeforeEach
    void start() {
        live = serve(exchange -> {
            answered.incrementAndGet();
            exchange.getResponseSender().send("{\"user_id\":\"7\",\"generation\":3}");
        });
        liveUrl = url(live);
    }

    @AfterEach
    void stop() {
        live.stop();
    }

    @Test
    void shouldAnswerFromTheLiveInstanceWhateverTheTurnWhenOthersAreDown() throws Exception {
        int dead = closedPort();
        List<String> urls = List.of("http://127.0.0.1:" + dead, liveUrl, "http://localhost:" + dead);
        try (StateClient client = new StateClient(() -> urls, BOUNDS, ClusterCredential.none())) {
            for (int i = 0; i < 3 * urls.size(); i++) {
                assertEquals(OptionalLong.of(3), client.tokenGeneration(7).get(10, TimeUnit.SECONDS), "read " + i);
            }
        }
        assertEquals(3 * urls.size(), answered.get());
    }

    @Test
    void shouldFailAsUnavailableWhenNoInstanceCanBeReached() throws Exception {
        List<String> urls = List.of("http://127.0.0.1:" + closedPort(), "http://127.0.0.1:" + closedPort());
        try (StateClient client = new StateClient(() -> urls, BOUNDS, ClusterCredential.none())) {
            ExecutionException failed = assertThrows(ExecutionException.class,
                    () -> client.tokenGeneration(7).get(10, TimeUnit.SECONDS));
            assertInstanceOf(StateUnavailableException.class, failed.getCause());
            assertTrue(failed.getCause().getMessage().contains("unreachable"), failed.getCause().getMessage());
        }
    }

    @Test
    void shouldAskAnInstanceThatWasDownAgainOnceItIsBack() throws Exception {
        int port = closedPort();
        String back = "http://127.0.0.1:" + port;
        try (StateClient client = new StateClient(() -> List.of(back), BOUNDS, ClusterCredential.none())) {
            assertThrows(ExecutionException.class, () -> client.tokenGeneration(7).get(10, TimeUnit.SECONDS));
            Undertow revived = Undertow.builder().addHttpListener(port, "127.0.0.1")
                    .setHandler(exchange -> exchange.getResponseSender().send("{\"user_id\":\"7\",\"generation\":4}")).build();
            revived.start();
            try {
                assertEquals(OptionalLong.of(4), client.tokenGeneration(7).get(10, TimeUnit.SECONDS));
            } finally {
                revived.stop();
            }
        }
    }

    @Test
    void shouldAskAgainWhileTheStoreIsMovingAndAnswerOnceItMoved() throws Exception {
        AtomicInteger asked = new AtomicInteger();
        Undertow moving = serve(exchange -> {
            if (asked.incrementAndGet() <= 3) answerMoving(exchange);
            else exchange.getResponseSender().send("{\"user_id\":\"7\",\"generation\":5}");
        });
        String url = url(moving);
        try (StateClient client = new StateClient(() -> List.of(url), BOUNDS, ClusterCredential.none())) {
            assertEquals(OptionalLong.of(5), client.tokenGeneration(7).get(10, TimeUnit.SECONDS));
            assertEquals(4, asked.get(), "three answers 503, then the one that counts");
        } finally {
            moving.stop();
        }
    }

    @Test
    void shouldGiveUpOnAMovingStoreWhenNoWholeTimeoutFitsInTheDeadlineAnyMore() throws Exception {
        AtomicInteger asked = new AtomicInteger();
        Undertow stuck = serve(exchange -> {
            asked.incrementAndGet();
            answerMoving(exchange);
        });
        String url = url(stuck);
        StateClient.Bounds tight = new StateClient.Bounds(Duration.ofMillis(500), Duration.ofMillis(900), 100);
        try (StateClient client = new StateClient(() -> List.of(url), tight, ClusterCredential.none())) {
            ExecutionException failed = assertThrows(ExecutionException.class,
                    () -> client.tokenGeneration(7).get(10, TimeUnit.SECONDS));
            assertInstanceOf(StateUnavailableException.class, failed.getCause());
            assertTrue(failed.getCause().getMessage().contains("moving"), failed.getCause().getMessage());
            assertTrue(asked.get() >= 2 && asked.get() <= 5, "asked again within the deadline only: " + asked.get());
        } finally {
            stuck.stop();
        }
    }

    private static Undertow serve(HttpHandler handler) {
        Undertow server = Undertow.builder().addHttpListener(0, "127.0.0.1").setHandler(handler).build();
        server.start();
        return server;
    }

    private static String url(Undertow server) {
        return "http://127.0.0.1:" + ((InetSocketAddress) server.getListenerInfo().get(0).getAddress()).getPort();
    }

    /** What the state query API answers while the key's store moves between instances. */
    private static void answerMoving(HttpServerExchange exchange) {
        exchange.setStatusCode(503);
        exchange.getResponseSender().send("{\"code\":0,\"message\":\"store users is moving between instances\"}");
    }

    /** A port nothing listens on (bound and released at once). */
    private static int closedPort() throws Exception {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
