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
import java.util.concurrent.TimeUnit;

/**
 * GET requests to one HTTP/1.1 server over a fixed set of keep-alive connections (Undertow's client): requests
 * wait in a queue for a free connection, so a burst never opens more than {@code connections} sockets. About
 * twenty times the JDK client's rate on loopback. A request that fails or times out closes its connection (its
 * answer must not reach the next request), which reconnects on next use. Thread-safe.
 */
final class HttpGetPool implements AutoCloseable {
    /** A response: status and body. */
    record Response(int status, String body) {
    }

    private record Pending(String path, CompletableFuture<Response> result) {
    }

    private final XnioWorker worker;
    private final ByteBufferPool buffers;
    private final URI base;
    private final Duration timeout;
    private final Slot[] slots;
    private final Queue<Pending> queue = new ConcurrentLinkedQueue<>();
    private volatile boolean closed;

    HttpGetPool(XnioWorker worker, ByteBufferPool buffers, URI base, int connections, Duration timeout) {
        this.worker = worker;
        this.buffers = buffers;
        this.base = base;
        this.timeout = timeout;
        this.slots = new Slot[connections];
        for (int i = 0; i < connections; i++) slots[i] = new Slot();
    }

    /** GETs {@code path} (with its query); fails on a connection error or after the timeout. */
    CompletableFuture<Response> get(String path) {
        CompletableFuture<Response> result = new CompletableFuture<>();
        if (closed) {
            result.completeExceptionally(new IOException("closed"));
            return result;
        }
        queue.add(new Pending(path, result));
        pump();
        return result.orTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void pump() {
        for (Slot slot : slots) {
            if (queue.isEmpty()) return;
            if (slot.claim()) {
                Pending next = queue.poll();
                while (next != null && next.result.isDone()) next = queue.poll(); // timed out while queued
                if (next == null) {
                    slot.release();
                    return;
                }
                slot.run(next);
            }
        }
    }

    @Override
    public void close() {
        closed = true;
        for (Slot slot : slots) slot.shutdown();
        Pending pending;
        while ((pending = queue.poll()) != null) pending.result.completeExceptionally(new IOException("closed"));
    }

    /** One connection, running one request at a time. */
    private final class Slot {
        private boolean busy;
        private ClientConnection connection;

        synchronized boolean claim() {
            if (busy) return false;
            busy = true;
            return true;
        }

        synchronized void release() {
            busy = false;
        }

        void run(Pending pending) {
            ClientConnection current;
            synchronized (this) {
                current = connection != null && connection.isOpen() ? connection : null;
            }
            if (current != null) {
                send(current, pending);
                return;
            }
            UndertowClient.getInstance().connect(base, worker, buffers, OptionMap.EMPTY).addNotifier((future, attachment) -> {
                try {
                    if (future.getStatus() != IoFuture.Status.DONE) throw new IOException("cannot connect to " + base);
                    ClientConnection opened = future.get();
                    synchronized (this) {
                        connection = opened;
                    }
                    send(opened, pending);
                } catch (IOException e) {
                    finish(pending, null, e, null);
                }
            }, null);
        }

        private void send(ClientConnection on, Pending pending) {
            pending.result.whenComplete((response, error) -> {
                if (error != null) IoUtils.safeClose(on);
            });
            ClientRequest request = new ClientRequest().setMethod(Methods.GET).setPath(pending.path);
            request.getRequestHeaders().put(Headers.HOST, base.getHost() + ":" + base.getPort());
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
                                    finish(pending, new Response(status, body), null, on);
                                }

                                @Override
                                protected void error(IOException e) {
                                    finish(pending, null, e, on);
                                }
                            }.setup(answered.getResponseChannel());
                        }

                        @Override
                        public void failed(IOException e) {
                            finish(pending, null, e, on);
                        }
                    });
                }

                @Override
                public void failed(IOException e) {
                    finish(pending, null, e, on);
                }
            }));
        }

        /** Ends {@code pending}; on an error, drops {@code on} (if still this slot's connection) and frees the slot. */
        private void finish(Pending pending, Response response, IOException error, ClientConnection on) {
            if (error != null) {
                synchronized (this) {
                    if (on != null) IoUtils.safeClose(on);
                    if (connection == on) connection = null;
                }
                pending.result.completeExceptionally(error);
            } else {
                pending.result.complete(response);
            }
            release();
            pump();
        }

        synchronized void shutdown() {
            if (connection != null) IoUtils.safeClose(connection);
        }
    }
}
