package dev.parley.gateway.state;

import io.undertow.Undertow;
import io.undertow.server.DefaultByteBufferPool;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.SameThreadExecutor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.xnio.OptionMap;
import org.xnio.Options;
import org.xnio.Xnio;
import org.xnio.XnioWorker;

import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The pool against a real Undertow server on a real socket: answers, stalls, bursts, its queue bound and its deadline.
 * Each bound is tested with the others far out of the way, so that a slow machine cannot make one fire for another.
 */
class HttpGetPoolTest {
    private static final Duration LONG = Duration.ofSeconds(30);
    private Undertow server;
    private XnioWorker worker;
    private int port;
    private final List<HttpGetPool> pools = new ArrayList<>();
    private HttpGetPool pool;
    private final Set<InetSocketAddress> clientAddresses = ConcurrentHashMap.newKeySet();
    private final List<HttpServerExchange> stalled = new ArrayList<>();

    @BeforeEach
    void start() throws Exception {
        server = Undertow.builder().addHttpListener(0, "127.0.0.1").setHandler(exchange -> {
            clientAddresses.add(exchange.getSourceAddress());
            if (exchange.getRequestPath().startsWith("/slow")) {
                exchange.dispatch(SameThreadExecutor.INSTANCE, () -> exchange.getIoThread().executeAfter(
                        () -> exchange.getResponseSender().send("slow " + exchange.getRequestPath()), 20, TimeUnit.MILLISECONDS));
                return;
            }
            if (exchange.getRequestPath().startsWith("/stall")) {
                synchronized (stalled) {
                    stalled.add(exchange);
                }
                exchange.dispatch(() -> { }); // never answered
                return;
            }
            exchange.setStatusCode(exchange.getRequestPath().startsWith("/missing") ? 404 : 200);
            exchange.getResponseSender().send("echo " + exchange.getRequestPath() + "?" + exchange.getQueryString());
        }).build();
        server.start();
        port = ((InetSocketAddress) server.getListenerInfo().get(0).getAddress()).getPort();
        worker = Xnio.getInstance().createWorker(OptionMap.create(Options.WORKER_IO_THREADS, 1));
        pool = pool(Duration.ofMillis(300), LONG, 10_000);
    }

    /** A pool of two connections to the test server. */
    private HttpGetPool pool(Duration timeout, Duration deadline, int maxQueued) {
        HttpGetPool made = new HttpGetPool(worker, new DefaultByteBufferPool(false, 8192),
                URI.create("http://127.0.0.1:" + port), 2, timeout, deadline, maxQueued, null);
        pools.add(made);
        return made;
    }

    @AfterEach
    void stop() {
        pools.forEach(HttpGetPool::close);
        worker.shutdownNow();
        server.stop();
    }

    @Test
    void shouldAnswerWithStatusAndBody() throws Exception {
        HttpGetPool.Response ok = pool.get("/users/1?x=2").get(5, TimeUnit.SECONDS);
        assertEquals(200, ok.status());
        assertEquals("echo /users/1?x=2", ok.body());
        assertEquals(404, pool.get("/missing").get(5, TimeUnit.SECONDS).status());
    }

    @Test
    void shouldServeABurstOverNoMoreThanItsConnections() throws Exception {
        List<CompletableFuture<HttpGetPool.Response>> burst = new ArrayList<>();
        for (int i = 0; i < 500; i++) burst.add(pool.get("/n/" + i));
        for (int i = 0; i < 500; i++) assertEquals("echo /n/" + i + "?", burst.get(i).get(5, TimeUnit.SECONDS).body());
        assertTrue(clientAddresses.size() <= 2, "client sockets used: " + clientAddresses);
    }

    @Test
    void shouldLetQueuedRequestsWaitTheirTurnWhileTheServerKeepsAnswering() throws Exception {
        // 150 answers of 20 ms each over 2 connections take 1.5 s at least, more than the 1 s timeout, which each
        // answer is 50 times within: the timeout bounds each answer, not the wait for a connection (the deadline,
        // 30 s, is out of the way).
        HttpGetPool patient = pool(Duration.ofSeconds(1), LONG, 10_000);
        List<CompletableFuture<HttpGetPool.Response>> queued = new ArrayList<>();
        for (int i = 0; i < 150; i++) queued.add(patient.get("/slow/" + i));
        for (int i = 0; i < 150; i++) assertEquals("slow /slow/" + i, queued.get(i).get(20, TimeUnit.SECONDS).body());
    }

    @Test
    void shouldKeepServingAfterRequestsTimeOut() throws Exception {
        List<CompletableFuture<HttpGetPool.Response>> stalls = new ArrayList<>();
        for (int i = 0; i < 4; i++) stalls.add(pool.get("/stall/" + i));
        for (CompletableFuture<HttpGetPool.Response> stall : stalls) {
            ExecutionException failed = assertThrows(ExecutionException.class, () -> stall.get(5, TimeUnit.SECONDS));
            assertInstanceOf(TimeoutException.class, failed.getCause());
        }
        for (int i = 0; i < 20; i++) {
            assertEquals("echo /after/" + i + "?", pool.get("/after/" + i).get(5, TimeUnit.SECONDS).body(),
                    "a timed-out request must free its connection slot");
        }
    }

    @Test
    void shouldRefuseARequestAtOnceWhenItsQueueIsFull() throws Exception {
        HttpGetPool bounded = pool(LONG, LONG, 3);
        List<CompletableFuture<HttpGetPool.Response>> waiting = new ArrayList<>();
        for (int i = 0; i < 5; i++) waiting.add(bounded.get("/stall/" + i)); // two sent, three queued
        CompletableFuture<HttpGetPool.Response> oneMore = bounded.get("/stall/more");
        assertTrue(oneMore.isCompletedExceptionally(), "refused before it waits");
        ExecutionException refused = assertThrows(ExecutionException.class, () -> oneMore.get(1, TimeUnit.SECONDS));
        assertInstanceOf(RejectedExecutionException.class, refused.getCause());
        assertTrue(waiting.stream().noneMatch(CompletableFuture::isDone), "the queued requests still wait");
    }

    @Test
    void shouldFailEveryRequestAtItsDeadlineFromWhenItWasAskedAndKeepServing() throws Exception {
        HttpGetPool hurried = pool(LONG, Duration.ofMillis(300), 10_000);
        List<CompletableFuture<HttpGetPool.Response>> stalls = new ArrayList<>();
        for (int i = 0; i < 4; i++) stalls.add(hurried.get("/stall/" + i)); // two sent, two queued
        for (CompletableFuture<HttpGetPool.Response> stall : stalls) {
            ExecutionException failed = assertThrows(ExecutionException.class, () -> stall.get(10, TimeUnit.SECONDS));
            assertInstanceOf(TimeoutException.class, failed.getCause(), "sent or queued, the deadline ends it");
        }
        assertEquals("echo /after?", hurried.get("/after").get(10, TimeUnit.SECONDS).body(),
                "the connections of the requests cut off are free again");
    }
}
