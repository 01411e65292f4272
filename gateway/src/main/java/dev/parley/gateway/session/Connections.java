package dev.parley.gateway.session;

import dev.parley.gateway.protocol.CloseCause;
import dev.parley.gateway.protocol.V10JsonCodec;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.LockSupport;

/** The gateway's open WebSocket connections. Thread-safe. */
public final class Connections {
    private final Set<Connection> open = ConcurrentHashMap.newKeySet();
    private volatile boolean draining;

    void add(Connection connection) {
        open.add(connection);
    }

    void remove(Connection connection) {
        open.remove(connection);
    }

    public int size() {
        return open.size();
    }

    /** Whether the gateway is draining: new connections are refused. */
    boolean draining() {
        return draining;
    }

    /** Drops every connection without a close frame, as a crashed process would. */
    public void abortAll() {
        draining = true;
        List.copyOf(open).forEach(Connection::abort);
    }

    /**
     * Sends RECONNECT (op 7) to every connection, waits up to {@code timeout} for the clients to leave, then closes
     * the rest with 1012 (service restart).
     */
    public void drain(Duration timeout) {
        draining = true;
        List<Connection> all = List.copyOf(open);
        all.forEach(c -> c.send(V10JsonCodec.reconnect()));
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!open.isEmpty() && System.nanoTime() < deadline) {
            LockSupport.parkNanos(Duration.ofMillis(20).toNanos());
        }
        List.copyOf(open).forEach(c -> c.closeNow(CloseCause.GATEWAY_RESTART, "gateway restarting; resume elsewhere"));
    }
}
