package dev.parley.load;

import io.undertow.websockets.core.WebSocketChannel;
import io.undertow.websockets.core.WebSockets;
import org.xnio.IoFuture;
import org.xnio.IoUtils;

import java.io.IOException;
import java.net.URI;
import java.util.concurrent.CompletableFuture;

/** A baseline client: every text frame it receives is a {@link LatencyMark}ed delivery. */
final class RawClient {
    private final CompletableFuture<RawClient> open = new CompletableFuture<>();
    private volatile WebSocketChannel channel;

    RawClient(ClientPool pool, URI uri, Metrics metrics) {
        pool.connect(uri).addNotifier((result, attachment) -> {
            if (result.getStatus() != IoFuture.Status.DONE) {
                metrics.connectFailures.increment();
                open.completeExceptionally(new IOException("connect failed"));
                return;
            }
            try {
                channel = result.get();
            } catch (IOException e) {
                open.completeExceptionally(e);
                return;
            }
            channel.getReceiveSetter().set(new ByteMessages((data, length, binary) -> {
                long age = LatencyMark.ageMicros(data, length, System.nanoTime());
                if (age >= 0) metrics.delivered(age);
            }));
            channel.resumeReceives();
            metrics.connected.increment();
            metrics.ready.increment();
            open.complete(this);
        }, null);
    }

    CompletableFuture<RawClient> opened() {
        return open;
    }

    void send(String text) {
        WebSockets.sendText(text, channel, null);
    }

    void close() {
        if (channel != null) IoUtils.safeClose(channel);
    }
}
