package dev.parley.gateway.ratelimit;

import io.undertow.server.HttpServerExchange;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.Arrays;

/**
 * A client's address as the per-address limits count it: an IPv4 address as it is, an IPv6 address by its /64
 * ({@value #IPV6_PREFIX_BITS} bits), the network one subscriber is given, since anyone with one network has 2^64
 * addresses to spread requests over for free. The address is the connection's peer, or the client named by the
 * PROXY protocol header of a trusted balancer ({@code gateway.proxy-protocol}); never a request header.
 */
public final class ClientAddresses {
    /** The leading bits of an IPv6 address that name one client. */
    public static final int IPV6_PREFIX_BITS = 64;

    private ClientAddresses() {
    }

    /** The limits' key of {@code address}: itself for IPv4, its /64 network address for IPv6. */
    public static InetAddress keyOf(InetAddress address) {
        if (!(address instanceof Inet6Address)) return address;
        byte[] bytes = address.getAddress();
        Arrays.fill(bytes, IPV6_PREFIX_BITS / 8, bytes.length, (byte) 0);
        try {
            return InetAddress.getByAddress(bytes);
        } catch (UnknownHostException e) {
            throw new IllegalStateException("16 bytes are an IPv6 address", e);
        }
    }

    /** The limits' key of a socket's peer, the loopback address when it is unknown. */
    public static InetAddress keyOf(InetSocketAddress peer) {
        return keyOf(peer == null || peer.getAddress() == null ? InetAddress.getLoopbackAddress() : peer.getAddress());
    }

    /** The limits' key of the exchange's client. */
    public static InetAddress of(HttpServerExchange exchange) {
        return keyOf(exchange.getSourceAddress());
    }
}
