package dev.parley.gateway.session;

import dev.parley.gateway.protocol.CloseCode;
import io.undertow.websockets.WebSocketConnectionCallback;
import io.undertow.websockets.core.CloseMessage;
import io.undertow.websockets.core.WebSocketChannel;
import io.undertow.websockets.core.WebSockets;
import io.undertow.websockets.spi.WebSocketHttpExchange;
import org.xnio.IoUtils;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;

/**
 * The WebSocket endpoint {@code /?v=10&encoding=json[&compress=zlib-stream]}: checks the query, then hands the
 * socket to a new {@link Connection}. Another API version closes with 4012; another encoding or compression
 * closes with 4002 and a reason naming what is supported; a client address over
 * {@code gateway.connections-per-address} open connections closes with 4008.
 */
public final class GatewayEndpoint implements WebSocketConnectionCallback {
    public static final String API_VERSION = "10";
    private final GatewayContext context;

    public GatewayEndpoint(GatewayContext context) {
        this.context = context;
    }

    @Override
    public void onConnect(WebSocketHttpExchange exchange, WebSocketChannel channel) {
        Map<String, List<String>> query = exchange.getRequestParameters();
        String version = first(query, "v");
        String encoding = first(query, "encoding");
        String compress = first(query, "compress");
        if (context.connections().draining()) {
            WebSockets.sendClose(new CloseMessage(CloseCode.SERVICE_RESTART, "gateway restarting; connect elsewhere"),
                    channel, null);
            channel.getIoThread().executeAfter(() -> IoUtils.safeClose(channel), 1, java.util.concurrent.TimeUnit.SECONDS);
            channel.resumeReceives();
        } else if (version != null && !API_VERSION.equals(version)) {
            refuse(channel, CloseCode.INVALID_API_VERSION, "API version " + version + " is not supported; use v=10");
        } else if (encoding != null && !"json".equals(encoding)) {
            refuse(channel, CloseCode.DECODE_ERROR, "encoding '" + encoding + "' is not supported; use encoding=json");
        } else if (compress != null && !compress.isEmpty() && !"zlib-stream".equals(compress)) {
            refuse(channel, CloseCode.DECODE_ERROR, "compress '" + compress + "' is not supported; use zlib-stream or none");
        } else if (!admit(channel)) {
            context.metrics().refused("connections_per_address");
            refuse(channel, CloseCode.RATE_LIMITED, "over " + context.admission().connections().maxPerAddress()
                    + " connections from your address");
        } else {
            Connection connection = new Connection(channel, context, "zlib-stream".equals(compress));
            channel.getReceiveSetter().set(new FrameReceiver(connection, context.limits().payloadMaxBytes()));
            channel.addCloseTask(ch -> connection.onClosed());
            connection.open();
            channel.resumeReceives();
        }
    }

    /**
     * Counts the connection against its client address (the peer, or the PROXY protocol's client), and registers
     * the close task that gives it back; false when the address has too many open.
     */
    private boolean admit(WebSocketChannel channel) {
        InetSocketAddress peer = channel.getSourceAddress();
        InetAddress address = peer == null || peer.getAddress() == null ? InetAddress.getLoopbackAddress() : peer.getAddress();
        AddressConnections connections = context.admission().connections();
        if (!connections.tryOpen(address)) return false;
        channel.addCloseTask(ch -> connections.closed(address));
        return true;
    }

    private static void refuse(WebSocketChannel channel, CloseCode code, String reason) {
        WebSockets.sendClose(new CloseMessage(code.code(), CloseCode.fitReason(reason)), channel, null);
        channel.getIoThread().executeAfter(() -> IoUtils.safeClose(channel), 1, java.util.concurrent.TimeUnit.SECONDS);
        channel.resumeReceives();
    }

    private static String first(Map<String, List<String>> query, String name) {
        List<String> values = query.get(name);
        return values == null || values.isEmpty() ? null : values.get(0);
    }
}
