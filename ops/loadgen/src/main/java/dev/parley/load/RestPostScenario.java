package dev.parley.load;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * The REST post path on its own: authors post to their guilds' channels at a fixed rate, and each post's latency is
 * its HTTP round trip (request sent to answer read: rate limiting, the command through Kafka and the guild app, the
 * reply back). With {@code --nonce} every post carries a unique nonce and {@code enforce_nonce}, so the guild app's
 * nonce check runs on each. Nobody is connected: this measures the write path, not the fan-out.
 */
@Command(name = "rest-posts", mixinStandardHelpOptions = true,
        description = "Authors post at a fixed rate; the latency of each POST /channels/{id}/messages round trip.")
final class RestPostScenario implements java.util.concurrent.Callable<Integer> {
    @Mixin
    CommonOptions common;

    @Option(names = "--authors", defaultValue = "50", description = "Posting users, each in a guild of its own.")
    int authors;

    @Option(names = "--rate", defaultValue = "200", description = "Posts per second, all authors together.")
    int rate;

    @Option(names = "--warmup", defaultValue = "10", description = "Seconds posted before measuring.")
    int warmup;

    @Option(names = "--nonce", description = "Send a unique nonce with enforce_nonce on every post.")
    boolean nonce;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    @Override
    public Integer call() {
        Api api = new Api(common.gateway, common.restConcurrency);
        String run = "p" + Long.toString(System.currentTimeMillis() % 1_000_000, 36);
        List<Api.Account> users = api.register(run + "_", authors, true);
        long[] channels = new long[authors];
        for (int i = 0; i < authors; i++) channels[i] = api.createGuild(users.get(i), "Posts " + run + " " + i)[1];
        Metrics metrics = new Metrics();
        LongAdder failed = new LongAdder();
        AtomicLong sequence = new AtomicLong();
        post(users, channels, sequence, metrics, failed, warmup);
        metrics.restart();
        failed.reset();
        try (Progress progress = new Progress("rest-posts", metrics)) {
            post(users, channels, sequence, metrics, failed, common.duration);
        }
        Map<String, Object> extra = new LinkedHashMap<>();
        extra.put("failed_posts", failed.sum());
        Map<String, Object> parameters = common.describe();
        parameters.put("authors", authors);
        parameters.put("rate", rate);
        parameters.put("nonce", nonce);
        IdleScenario.print(Report.write(common.out, "rest-posts" + (nonce ? "-nonce" : ""), parameters, metrics, extra));
        return 0;
    }

    /** Posts at {@link #rate} for {@code seconds}, then waits for the answers; records each answered post's round trip. */
    private void post(List<Api.Account> users, long[] channels, AtomicLong sequence, Metrics metrics, LongAdder failed,
                      int seconds) {
        java.util.Queue<CompletableFuture<?>> inFlight = new java.util.concurrent.ConcurrentLinkedQueue<>();
        try (Pacer pacer = new Pacer(() -> rate, i -> {
            long n = sequence.incrementAndGet();
            int author = (int) (n % users.size());
            metrics.sent.increment();
            long sent = System.nanoTime();
            inFlight.add(http.sendAsync(request(users.get(author).token(), channels[author], n),
                    HttpResponse.BodyHandlers.discarding()).whenComplete((response, error) -> {
                        if (error == null && response.statusCode() == 200) metrics.delivered((System.nanoTime() - sent) / 1000);
                        else failed.increment();
                    }));
        })) {
            java.util.concurrent.locks.LockSupport.parkNanos(seconds * 1_000_000_000L);
        }
        CompletableFuture.allOf(inFlight.toArray(CompletableFuture[]::new)).exceptionally(e -> null).join();
    }

    private HttpRequest request(String token, long channel, long n) {
        String body = nonce ? "{\"content\":\"post " + n + "\",\"nonce\":\"n" + n + "\",\"enforce_nonce\":true}"
                : "{\"content\":\"post " + n + "\"}";
        return HttpRequest.newBuilder(URI.create(common.gateway + "/api/v10/channels/" + channel + "/messages"))
                .timeout(Duration.ofSeconds(30)).header("Content-Type", "application/json")
                .header("Authorization", "Bot " + token).POST(HttpRequest.BodyPublishers.ofString(body)).build();
    }
}
