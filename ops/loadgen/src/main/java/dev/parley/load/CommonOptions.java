package dev.parley.load;

import picocli.CommandLine.Option;

import java.net.URI;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/** Options every gateway scenario shares. */
final class CommonOptions {
    @Option(names = "--gateway", defaultValue = "http://localhost:8080", description = "Gateway base URL (REST and WebSocket).")
    String gateway;

    @Option(names = "--connect-rate", defaultValue = "1000", description = "New sessions per second.")
    int connectRate;

    @Option(names = "--source-addresses", defaultValue = "8", description = "Loopback source addresses to spread connections over.")
    int sourceAddresses;

    @Option(names = "--io-threads", defaultValue = "2", description = "Client I/O threads.")
    int ioThreads;

    @Option(names = "--zlib", description = "Ask for zlib-stream compression.")
    boolean zlib;

    @Option(names = "--duration", defaultValue = "30", description = "Seconds to measure, after set-up.")
    int duration;

    @Option(names = "--out", defaultValue = "load-results", description = "Directory for the JSON results and charts.")
    Path out;

    @Option(names = "--gateway-pid", defaultValue = "0", description = "Local pid of the gateway's JVM, to read its heap and RSS.")
    long gatewayPid;

    @Option(names = "--rest-concurrency", defaultValue = "64", description = "REST requests in flight during set-up.")
    int restConcurrency;

    @Option(names = "--admin-token", defaultValue = "${env:PARLEY_GATEWAY_ADMIN_TOKEN:-}",
            description = "The gateway's admin token, for the checks of /healthz (default: PARLEY_GATEWAY_ADMIN_TOKEN).")
    String adminToken;

    URI webSocket() {
        return URI.create(gateway.replaceFirst("^http", "ws") + "/?v=10&encoding=json");
    }

    GatewayClient.Spec spec(String token, long intents, Set<String> marked) {
        return new GatewayClient.Spec(webSocket(), token, intents, zlib, false, marked);
    }

    Map<String, Object> describe() {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("gateway", gateway);
        map.put("connect_rate", connectRate);
        map.put("zlib", zlib);
        map.put("duration_s", duration);
        map.put("source_addresses", sourceAddresses);
        map.put("client_io_threads", ioThreads);
        return map;
    }

    /** The open-file limit of this process: every session needs a descriptor here and one in the gateway. */
    static long openFileLimit() {
        try {
            for (String line : java.nio.file.Files.readAllLines(Path.of("/proc/self/limits"))) {
                if (line.startsWith("Max open files")) return Long.parseLong(line.split("\\s+")[3]);
            }
        } catch (Exception e) {
            // not Linux
        }
        return -1;
    }

    static void checkOpenFiles(int sessions) {
        long limit = openFileLimit();
        if (limit > 0 && sessions + 200 > limit) {
            System.out.println("warning: " + sessions + " sessions need more than this process's open-file limit ("
                    + limit + "); raise it with `ulimit -n` (the gateway needs as many too)");
        }
    }
}
