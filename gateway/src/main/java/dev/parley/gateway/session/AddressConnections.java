package dev.parley.gateway.session;

import dev.parley.gateway.ratelimit.ClientAddresses;

import java.net.InetAddress;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * WebSocket connections open per client address, capped: the address is the connection's peer, or what a trusted
 * balancer's PROXY protocol header named, an IPv6 address counted by its /64 ({@link ClientAddresses#keyOf}). Every
 * {@link #tryOpen} that answers true is matched by one {@link #closed} (the channel's close task). Memory: one entry
 * per client (address or /64) with an open connection. Thread-safe.
 */
public final class AddressConnections {
    private final int maxPerAddress;
    private final Map<InetAddress, Integer> open = new ConcurrentHashMap<>();

    public AddressConnections(int maxPerAddress) {
        this.maxPerAddress = maxPerAddress;
    }

    public int maxPerAddress() {
        return maxPerAddress;
    }

    /** Counts a new connection from {@code address}, unless it already has the most allowed: then false. */
    boolean tryOpen(InetAddress address) {
        boolean[] admitted = new boolean[1];
        open.compute(ClientAddresses.keyOf(address), (a, count) -> {
            int n = count == null ? 0 : count;
            admitted[0] = n < maxPerAddress;
            return admitted[0] ? n + 1 : count;
        });
        return admitted[0];
    }

    /** A connection {@link #tryOpen} admitted has closed. */
    void closed(InetAddress address) {
        open.computeIfPresent(ClientAddresses.keyOf(address), (a, count) -> count <= 1 ? null : count - 1);
    }

    /** Open connections from {@code address} (from its /64 for IPv6). */
    int openFrom(InetAddress address) {
        return open.getOrDefault(ClientAddresses.keyOf(address), 0);
    }
}
