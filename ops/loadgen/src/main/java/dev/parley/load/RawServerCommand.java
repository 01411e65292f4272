package dev.parley.load;

import io.undertow.Handlers;
import io.undertow.Undertow;
import io.undertow.websockets.core.AbstractReceiveListener;
import io.undertow.websockets.core.BufferedTextMessage;
import io.undertow.websockets.core.WebSocketChannel;
import io.undertow.websockets.core.WebSockets;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;

/**
 * The ceiling baseline: a bare Undertow WebSocket server that sends every text message it receives to every
 * connection, the same bytes to all (no Kafka, no protocol, no per-session state).
 */
@Command(name = "raw-server", mixinStandardHelpOptions = true,
        description = "Run the raw Undertow broadcast server (baseline) until stopped.")
final class RawServerCommand implements Callable<Integer> {
    @Option(names = "--port", defaultValue = "9300")
    int port;

    @Option(names = "--io-threads", defaultValue = "0", description = "Undertow I/O threads; 0: one per core.")
    int ioThreads;

    @Override
    public Integer call() throws InterruptedException {
        Set<WebSocketChannel> open = ConcurrentHashMap.newKeySet();
        Undertow.Builder builder = Undertow.builder().addHttpListener(port, "0.0.0.0")
                .setHandler(Handlers.websocket((exchange, channel) -> {
                    open.add(channel);
                    channel.addCloseTask(open::remove);
                    channel.getReceiveSetter().set(new AbstractReceiveListener() {
                        @Override
                        protected void onFullTextMessage(WebSocketChannel from, BufferedTextMessage message) {
                            ByteBuffer bytes = ByteBuffer.wrap(message.getData().getBytes(StandardCharsets.UTF_8));
                            for (WebSocketChannel to : open) WebSockets.sendText(bytes.duplicate(), to, null);
                        }
                    });
                    channel.resumeReceives();
                }));
        if (ioThreads > 0) builder.setIoThreads(ioThreads);
        Undertow server = builder.build();
        server.start();
        System.out.println("raw broadcast server on ws://localhost:" + port + "/");
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.stop();
            stopped.countDown();
        }));
        stopped.await();
        return 0;
    }
}
