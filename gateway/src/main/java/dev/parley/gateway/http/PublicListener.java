package dev.parley.gateway.http;

import dev.parley.config.Settings;
import io.undertow.UndertowOptions;
import io.undertow.connector.ByteBufferPool;
import io.undertow.server.DefaultByteBufferPool;
import io.undertow.server.HttpHandler;
import io.undertow.server.protocol.http.HttpOpenListener;
import io.undertow.server.protocol.proxy.ProxyProtocolOpenListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xnio.ChannelListener;
import org.xnio.ChannelListeners;
import org.xnio.IoUtils;
import org.xnio.OptionMap;
import org.xnio.Options;
import org.xnio.StreamConnection;
import org.xnio.Xnio;
import org.xnio.XnioWorker;
import org.xnio.channels.AcceptingChannel;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The gateway's public HTTP listener (WebSocket and REST), with the limits of {@link ListenerSettings}: request
 * parsing and idle timeouts, header and parameter bounds (none of which applies to an upgraded WebSocket), and the
 * PROXY protocol behind a balancer.
 *
 * <p>Undertow's builder reads a PROXY header from any peer: whoever reaches the port directly could name any client
 * address, and so escape or exhaust every per-address limit. This listener is assembled from Undertow's own parts on
 * an XNIO worker of its own, with the same options as {@code Undertow.builder()} gives, so that with
 * {@code gateway.proxy-protocol} it first checks the connection's real peer against
 * {@code gateway.proxy-protocol.trusted-sources}: a connection from anyone else is closed before a byte of it is read
 * (and counted as {@code parley_gateway_refused_total{limit="proxy_untrusted"}}). Thread-safe.
 */
public final class PublicListener implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(PublicListener.class);
    /** Undertow's default buffers for a heap of 128 MiB or more: 16 KiB, direct. */
    private static final int BUFFER_BYTES = 16 * 1024;
    private static final long WARN_EVERY_MILLIS = 10_000;

    private final XnioWorker worker;
    private final AcceptingChannel<StreamConnection> server;
    private final int port;

    private PublicListener(XnioWorker worker, AcceptingChannel<StreamConnection> server) {
        this.worker = worker;
        this.server = server;
        this.port = ((InetSocketAddress) server.getLocalAddress()).getPort();
    }

    /**
     * Binds {@code host:port} and accepts connections for {@code root}.
     *
     * @param ioThreads I/O threads; 0 for one per core (at least two), as Undertow's default
     * @param refused   called for each connection closed for coming from an untrusted peer
     * @throws IllegalArgumentException when the PROXY protocol is on without trusted sources, or they do not parse
     * @throws IllegalStateException    when the address cannot be bound
     */
    public static PublicListener start(Settings settings, String host, int port, int ioThreads, HttpHandler root,
                                       Runnable refused) {
        boolean proxy = settings.get(ListenerSettings.PROXY_PROTOCOL);
        ProxySources trusted = ProxySources.parse(settings.get(ListenerSettings.PROXY_TRUSTED_SOURCES),
                ListenerSettings.PROXY_TRUSTED_SOURCES.key());
        if (proxy && trusted.isEmpty()) {
            throw new IllegalArgumentException(ListenerSettings.PROXY_PROTOCOL.key() + " is on but "
                    + ListenerSettings.PROXY_TRUSTED_SOURCES.key() + " is empty: name the balancers' addresses (CIDR "
                    + "blocks, e.g. 10.0.0.0/8), the only peers whose PROXY header is believed");
        }
        int threads = ioThreads > 0 ? ioThreads : Math.max(Runtime.getRuntime().availableProcessors(), 2);
        XnioWorker worker;
        try {
            worker = Xnio.getInstance(PublicListener.class.getClassLoader()).createWorker(OptionMap.builder()
                    .set(Options.WORKER_IO_THREADS, threads)
                    .set(Options.CONNECTION_HIGH_WATER, 1_000_000).set(Options.CONNECTION_LOW_WATER, 1_000_000)
                    .set(Options.WORKER_TASK_CORE_THREADS, threads * 8).set(Options.WORKER_TASK_MAX_THREADS, threads * 8)
                    .set(Options.TCP_NODELAY, true).set(Options.CORK, true).getMap());
        } catch (IOException e) {
            throw new IllegalStateException("cannot start the listener's I/O threads: " + e.getMessage(), e);
        }
        try {
            ByteBufferPool buffers = new DefaultByteBufferPool(true, BUFFER_BYTES, -1, 4);
            HttpOpenListener http = new HttpOpenListener(buffers, serverOptions(settings));
            http.setRootHandler(root);
            ChannelListener<StreamConnection> open = proxy
                    ? new TrustedPeers(trusted, new ProxyProtocolOpenListener(http, null, buffers, OptionMap.EMPTY), refused)
                    : http;
            AcceptingChannel<StreamConnection> server = worker.createStreamConnectionServer(
                    new InetSocketAddress(InetAddress.getByName(host), port), ChannelListeners.openListenerAdapter(open),
                    OptionMap.builder().set(Options.WORKER_IO_THREADS, threads).set(Options.TCP_NODELAY, true)
                            .set(Options.REUSE_ADDRESSES, true).set(Options.BALANCING_TOKENS, 1)
                            .set(Options.BALANCING_CONNECTIONS, 2).set(Options.BACKLOG, 1000).getMap());
            server.resumeAccepts();
            return new PublicListener(worker, server);
        } catch (IOException | RuntimeException e) {
            worker.shutdownNow();
            throw new IllegalStateException("cannot listen on " + host + ":" + port + ": " + e.getMessage(), e);
        }
    }

    /** Undertow's options of the listener: its defaults ({@code Undertow.start}) and the limits of the settings. */
    private static OptionMap serverOptions(Settings settings) {
        return OptionMap.builder()
                .set(UndertowOptions.BUFFER_PIPELINED_DATA, true)
                .set(UndertowOptions.REQUEST_PARSE_TIMEOUT, millis(settings.get(ListenerSettings.REQUEST_PARSE_TIMEOUT)))
                .set(UndertowOptions.NO_REQUEST_TIMEOUT, millis(settings.get(ListenerSettings.IDLE_TIMEOUT)))
                .set(UndertowOptions.MAX_HEADERS, settings.get(ListenerSettings.MAX_HEADERS))
                .set(UndertowOptions.MAX_HEADER_SIZE, (int) Math.min(Integer.MAX_VALUE, settings.get(ListenerSettings.MAX_HEADER_BYTES)))
                .set(UndertowOptions.MAX_PARAMETERS, settings.get(ListenerSettings.MAX_PARAMETERS))
                .getMap();
    }

    private static int millis(Duration duration) {
        return (int) Math.min(Integer.MAX_VALUE, duration.toMillis());
    }

    /** The port bound (useful when configured as 0). */
    public int port() {
        return port;
    }

    /** Stops accepting, then stops the I/O threads once their tasks are done (open connections are dropped). */
    @Override
    public void close() {
        IoUtils.safeClose(server);
        worker.shutdown();
        try {
            worker.awaitTermination();
        } catch (InterruptedException e) {
            worker.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }

    /** Hands a connection to the PROXY protocol reader only when its real peer is a trusted balancer. */
    private static final class TrustedPeers implements ChannelListener<StreamConnection> {
        private final ProxySources trusted;
        private final ChannelListener<StreamConnection> next;
        private final Runnable refused;
        private final AtomicLong lastWarning = new AtomicLong(Long.MIN_VALUE / 2);

        TrustedPeers(ProxySources trusted, ChannelListener<StreamConnection> next, Runnable refused) {
            this.trusted = trusted;
            this.next = next;
            this.refused = refused;
        }

        @Override
        public void handleEvent(StreamConnection connection) {
            SocketAddress peer = connection.getPeerAddress();
            if (peer instanceof InetSocketAddress inet && inet.getAddress() != null && trusted.trusts(inet.getAddress())) {
                next.handleEvent(connection);
                return;
            }
            refused.run();
            long now = System.currentTimeMillis();
            long last = lastWarning.get();
            if (now - last >= WARN_EVERY_MILLIS && lastWarning.compareAndSet(last, now)) {
                log.warn("closed a connection from {}: not in {} ({}), so its PROXY header is not believed", peer,
                        ListenerSettings.PROXY_TRUSTED_SOURCES.key(), trusted);
            }
            IoUtils.safeClose(connection);
        }
    }
}
