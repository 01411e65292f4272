package dev.parley.gateway.session;

import dev.parley.gateway.protocol.Opcode;
import io.undertow.websockets.WebSocketConnectionCallback;
import io.undertow.websockets.core.WebSocketChannel;
import io.undertow.websockets.core.WebSockets;
import io.undertow.websockets.spi.WebSocketHttpExchange;

import java.time.Duration;

/** The WebSocket endpoint {@code /?v=10&encoding=json}: greets each connection with HELLO. */
public final class GatewayEndpoint implements WebSocketConnectionCallback {
    private final String hello;

    public GatewayEndpoint(Duration heartbeatInterval) {
        this.hello = "{\"op\":" + Opcode.HELLO + ",\"d\":{\"heartbeat_interval\":" + heartbeatInterval.toMillis()
                + "},\"s\":null,\"t\":null}";
    }

    @Override
    public void onConnect(WebSocketHttpExchange exchange, WebSocketChannel channel) {
        WebSockets.sendText(hello, channel, null);
        channel.resumeReceives();
    }
}
