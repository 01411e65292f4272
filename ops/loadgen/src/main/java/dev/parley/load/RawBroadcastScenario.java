package dev.parley.load;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;

/**
 * The broadcast measured against a baseline server (the raw Undertow server, or Node.js {@code ws}): N clients
 * connected, one of them sends R marked messages a second, the server sends each to all.
 */
@Command(name = "raw-broadcast", mixinStandardHelpOptions = true,
        description = "Broadcast through a baseline server (raw Undertow or Node.js ws): N clients, R messages/s.")
final class RawBroadcastScenario implements Callable<Integer> {
    @Option(names = "--url", defaultValue = "ws://localhost:9300/")
    URI url;

    @Option(names = "--name", defaultValue = "raw-undertow", description = "Names the results (e.g. raw-undertow, node-ws).")
    String name;

    @Option(names = "--clients", defaultValue = "1000")
    int clients;

    @Option(names = "--rate", defaultValue = "10", split = ",", description = "Messages per second; several measure in turn.")
    List<Integer> rates;

    @Option(names = "--duration", defaultValue = "30")
    int duration;

    @Option(names = "--connect-rate", defaultValue = "2000")
    int connectRate;

    @Option(names = "--source-addresses", defaultValue = "8")
    int sourceAddresses;

    @Option(names = "--io-threads", defaultValue = "2")
    int ioThreads;

    @Option(names = "--out", defaultValue = "load-results")
    Path out;

    @Override
    public Integer call() {
        CommonOptions.checkOpenFiles(clients + 1);
        Metrics metrics = new Metrics();
        Map<String, Object> extra = new LinkedHashMap<>();
        try (ClientPool pool = new ClientPool(ioThreads, sourceAddresses)) {
            List<RawClient> receivers = new ArrayList<>();
            long started = System.nanoTime();
            for (int i = 0; i < clients; i++) {
                long wait = started + (long) (i * 1e9 / connectRate) - System.nanoTime();
                if (wait > 0) java.util.concurrent.locks.LockSupport.parkNanos(wait);
                receivers.add(new RawClient(pool, url, metrics));
            }
            CompletableFuture.allOf(receivers.stream().map(RawClient::opened).toArray(CompletableFuture[]::new)).join();
            RawClient poster = receivers.get(0);
            Map<String, Object> parameters = new LinkedHashMap<>();
            parameters.put("url", url.toString());
            parameters.put("clients", clients);
            parameters.put("duration_s", duration);
            Phases.run(name + "-" + clients, rates, duration, metrics, out, parameters, extra, clients, Phases.steady(),
                    n -> poster.send(LatencyMark.now(Long.toString(n))), Map::of);
            receivers.forEach(RawClient::close);
        }
        return 0;
    }
}
