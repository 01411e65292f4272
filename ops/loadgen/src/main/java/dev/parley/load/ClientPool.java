package dev.parley.load;

import io.undertow.connector.ByteBufferPool;
import io.undertow.server.DefaultByteBufferPool;
import io.undertow.websockets.client.WebSocketClient;
import io.undertow.websockets.core.WebSocketChannel;
import org.xnio.IoFuture;
import org.xnio.OptionMap;
import org.xnio.Options;
import org.xnio.Xnio;
import org.xnio.XnioWorker;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Opens many WebSocket connections from one process: Undertow's client on a shared XNIO worker, spreading the
 * connections' source addresses over {@code 127.0.0.1..127.0.0.n} so that one machine can open more connections
 * than the ephemeral ports of one address pair allow.
 */
public final class ClientPool implements AutoCloseable {
    private final XnioWorker worker;
    private final ByteBufferPool buffers;
    private final List<InetAddress> sources;
    private final AtomicInteger next = new AtomicInteger();

    /**
     * @param ioThreads      client I/O threads
     * @param sourceAddresses how many loopback source addresses to rotate through (1: the default route)
     */
    public ClientPool(int ioThreads, int sourceAddresses) {
        try {
            this.worker = Xnio.getInstance().createWorker(OptionMap.builder()
                    .set(Options.WORKER_IO_THREADS, ioThreads)
                    .set(Options.TCP_NODELAY, true)
                    .getMap());
            this.sources = java.util.stream.IntStream.rangeClosed(1, Math.max(1, sourceAddresses))
                    .mapToObj(i -> address("127.0.0." + i)).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        this.buffers = new DefaultByteBufferPool(true, 16 * 1024, 1024, 16);
    }

    /** Starts a connection to {@code uri} from the next source address. */
    public IoFuture<WebSocketChannel> connect(URI uri) {
        InetAddress source = sources.get(Math.floorMod(next.getAndIncrement(), sources.size()));
        WebSocketClient.ConnectionBuilder builder = WebSocketClient.connectionBuilder(worker, buffers, uri);
        if (sources.size() > 1 && uri.getHost().startsWith("127.")) builder.setBindAddress(new InetSocketAddress(source, 0));
        return builder.connect();
    }

    private static InetAddress address(String text) {
        try {
            return InetAddress.getByName(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        worker.shutdownNow();
    }
}
