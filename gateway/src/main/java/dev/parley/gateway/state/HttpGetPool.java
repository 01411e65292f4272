package dev.parley.gateway.state;

import io.undertow.client.ClientCallback;
import io.undertow.client.ClientConnection;
import io.undertow.client.ClientExchange;
import io.undertow.client.ClientRequest;
import io.undertow.client.UndertowClient;
import io.undertow.connector.ByteBufferPool;
import io.undertow.util.Headers;
import io.undertow.util.Methods;
import io.undertow.util.StringReadChannelListener;
import org.xnio.IoFuture;
import org.xnio.IoUtils;
import org.xnio.OptionMap;
import org.xnio.XnioWorker;

import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * GET requests to one HTTP/1.1 server over a fixed set of keep-alive connections (Undertow's client): requests
 * wait in a queue for a free connection, so a burst never opens more than {@code connections} sockets. About
 * twenty times the JDK client's rate on loopback. A request that fails or times out closes its connection (its
 * answer must not reach the next request), which reconnects on next use. Thread-safe.
 *
 * <p>Three bounds. The {@code timeout} bounds the server: a request gets it for its answer from when a connection
 * takes it, however long it queued. The {@code deadline} bounds the whole request from when it was asked, queueing
 * included: a request still queued or unanswered then fails with {@link TimeoutException} (a stalled or slow
 * server cannot make callers wait longer). And at most {@code maxQueued} requests wait for a connection: one more
 * fails at once with {@link RejectedExecutionException}, so a server that answers slowly but steadily cannot make the
 * queue grow with every caller.
 */
final class HttpGetPool implements AutoCloseable {
    /** A response: status and body. */
    record Response(int status, String body) {
    }

    /** A request and where it stands: queued, then either taken by a connection or expired in the queue (once). */
    private static final class Pending {
        static final int QUEUED = 0;
        static final int TAKEN = 1;
        static final int EXPIRED = 2;

        final String path;
        final CompletableFuture<Response> result = new CompletableFuture<>();
        final AtomicInteger stage = new AtomicInteger(QUEUED);

        Pending(String path) {
            this.path = path;
        }
    }

    private final XnioWorker worker;
    private final ByteBufferPool buffers;
    private final URI base;
    private final Duration timeout;
    private final Duration deadline;
    private final int maxQueued;
    private final Slot[] slots;
    private final String authorization;
    private final Queue<Pending> queue = new ConcurrentLinkedQueue<>();
    /** Entries in {@link #queue}, expired ones included until a connection passes over them. */
    private final AtomicInteger queued = new AtomicInteger();
    private volatile boolean closed;

    /**
     * @param timeout       how long a request may wait for its answer once sent
     * @param deadline      how long a request may take from when it was asked, queueing included
     * @param maxQueued     requests that may wait for a connection at once
     * @param authorization the {@code Authorization} header every request carries, or null for none
     */
    HttpGetPool(XnioWorker worker, ByteBufferPool buffers, URI base, int connections, Duration timeout,
                Duration deadline, int maxQueued, String authorization) {
        this.authorization = authorization;
        this.worker = worker;
        this.buffers = buffers;
        this.base = base;
        this.timeout = timeout;
        this.deadline = deadline;
        this.maxQueued = maxQueued;
        this.slots = new Slot[connections];
        for (int i = 0; i < connections; i++) slots[i] = new Slot();
    }

    /**
     * GETs {@code path} (with its query); fails with {@link ConnectFailed} when the server cannot be reached, with
     * {@link ConnectionLost} when the connection breaks before the answer, with {@link TimeoutException} when the
     * server does not answer within the timeout of its sending or the whole request takes longer than the deadline,
     * and at once with {@link RejectedExecutionException} when {@code maxQueued} requests wait already.
     */
    CompletableFuture<Response> get(String path) {
        Pending pending = new Pending(path);
        if (closed) {
            pending.result.completeExceptionally(new IOException("closed"));
            return pending.result;
        }
        if (queued.incrementAndGet() > maxQueued) {
            queued.decrementAndGet();
            pending.result.completeExceptionally(new RejectedExecutionException(maxQueued
                    + " requests wait for a connection to " + base + " already"));
            return pending.result;
        }
        pending.result.orTimeout(deadline.toMillis(), TimeUnit.MILLISECONDS)
                .whenComplete((response, error) -> pending.stage.compareAndSet(Pending.QUEUED, Pending.EXPIRED));
        queue.add(pending);
        pump();
        return pending.result;
    }

    private void pump() {
        for (Slot slot : slots) {
            if (queue.isEmpty()) return;
            Pending next = slot.take();
            if (next != null) slot.run(next);
        }
    }

    @Override
    public void close() {
        closed = true;
        for (Slot slot : slots) slot.shutdown();
        Pending pending;
        while ((pending = queue.poll()) != null) pending.result.completeExceptionally(new IOException("closed"));
    }

    /**
     * One connection, running one request at a time. The slot is freed exactly once per request: by its answer, by
     * an error, or by its future failing first (a timeout), which also drops the connection, since its late answer
     * must not reach the next request. Freeing never waits for Undertow to report on an abandoned exchange.
     */
    private final class Slot {
        private Pending current;
        private ClientConnection connection;

        /** Claims this slot for the next live request in the queue; null when busy or nothing waits. */
        synchronized Pending take() {
            if (current != null) return null;
            Pending next = poll();
            while (next != null && !next.stage.compareAndSet(Pending.QUEUED, Pending.TAKEN)) next = poll(); // expired
            current = next;
            return next;
        }

        private Pending poll() {
            Pending next = queue.poll();
            if (next != null) queued.decrementAndGet();
            return next;
        }

        void run(Pending pending) {
            pending.result.orTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS).whenComplete((response, error) -> {
                if (error != null) free(pending, true);
            });
            ClientConnection open;
            synchronized (this) {
                open = connection != null && connection.isOpen() ? connection : null;
            }
            if (open != null) {
                send(open, pending);
                return;
            }
            UndertowClient.getInstance().connect(base, worker, buffers, OptionMap.EMPTY).addNotifier((future, attachment) -> {
                try {
                    if (future.getStatus() != IoFuture.Status.DONE) {
                        throw new ConnectFailed(base, future.getStatus() == IoFuture.Status.FAILED ? future.getException() : null);
                    }
                    ClientConnection opened = future.get();
                    synchronized (this) {
                        if (current != pending) { // abandoned while connecting
                            IoUtils.safeClose(opened);
                            return;
                        }
                        connection = opened;
                    }
                    send(opened, pending);
                } catch (IOException e) {
                    pending.result.completeExceptionally(e);
                }
            }, null);
        }

        private void send(ClientConnection on, Pending pending) {
            ClientRequest request = new ClientRequest().setMethod(Methods.GET).setPath(pending.path);
            request.getRequestHeaders().put(Headers.HOST, base.getHost() + ":" + base.getPort());
            if (authorization != null) request.getRequestHeaders().put(Headers.AUTHORIZATION, authorization);
            on.getIoThread().execute(() -> on.sendRequest(request, new ClientCallback<>() {
                @Override
                public void completed(ClientExchange exchange) {
                    exchange.setResponseListener(new ClientCallback<>() {
                        @Override
                        public void completed(ClientExchange answered) {
                            int status = answered.getResponse().getResponseCode();
                            new StringReadChannelListener(buffers) {
                                @Override
                                protected void stringDone(String body) {
                                    if (pending.result.complete(new Response(status, body))) free(pending, false);
                                }

                                @Override
                                protected void error(IOException e) {
                                    pending.result.completeExceptionally(new ConnectionLost(base, e));
                                }
                            }.setup(answered.getResponseChannel());
                        }

                        @Override
                        public void failed(IOException e) {
                            pending.result.completeExceptionally(new ConnectionLost(base, e));
                        }
                    });
                }

                @Override
                public void failed(IOException e) {
                    pending.result.completeExceptionally(new ConnectionLost(base, e));
                }
            }));
        }

        /** Releases the slot from {@code pending} (once), dropping the connection if asked, and starts the next request. */
        private void free(Pending pending, boolean dropConnection) {
            ClientConnection dropped = null;
            synchronized (this) {
                if (current != pending) return;
                current = null;
                if (dropConnection) {
                    dropped = connection;
                    connection = null;
                }
            }
            if (dropped != null) IoUtils.safeClose(dropped);
            if (!closed) pump();
        }

        synchronized void shutdown() {
            if (connection != null) IoUtils.safeClose(connection);
        }
    }

    /**
     * The connection broke before the answer came (a server that crashed while the connection was idle or the request
     * was on the wire): a GET may be asked of another instance instead.
     */
    static final class ConnectionLost extends IOException {
        private static final long serialVersionUID = 1L;

        ConnectionLost(URI base, IOException cause) {
            super("connection to " + base + " lost: " + cause.getMessage(), cause);
        }
    }

    /** The server could not be reached at all (nothing was sent): another instance may be asked instead. */
    static final class ConnectFailed extends IOException {
        private static final long serialVersionUID = 1L;

        ConnectFailed(URI base, IOException cause) {
            super("cannot connect to " + base + (cause == null ? "" : ": " + cause.getMessage()), cause);
        }
    }
}
