package dev.parley.ops.drill;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.schemas.json.Json;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The drills' write load: a message post every {@code period}, round-robin over the channels and the users' tokens,
 * each with a unique nonce and {@code enforce_nonce}, as a careful client posts. A post that fails (no answer, a 5xx)
 * is retried with the same nonce, backing off, until {@link #GIVE_UP} after it was first sent, so a retry of a post that was in fact
 * applied returns the same message instead of a second one. Every post's outcome is kept: when it was sent and
 * finally answered, whether its first attempt failed, and the message id.
 */
final class DrillPoster implements AutoCloseable {
    static final Duration GIVE_UP = Duration.ofSeconds(90);
    static final Duration RETRY_DELAY = Duration.ofMillis(100);
    static final Duration RETRY_DELAY_MAX = Duration.ofSeconds(1);
    static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(15);

    /** One post's outcome; {@code id} null when it was never acknowledged. */
    record Post(int channel, String content, long sentNanos, long answeredNanos, int attempts, String firstFailure,
                int status, String id) {
        long waitedMillis() {
            return (answeredNanos - sentNanos) / 1_000_000;
        }

        boolean disrupted(Duration slow) {
            return firstFailure != null || answeredNanos - sentNanos > slow.toNanos();
        }
    }

    private final HttpClient http;
    private final String apiBase;
    private final List<String> tokens;
    private final List<String> channels;
    private final ScheduledExecutorService timer = Executors.newScheduledThreadPool(2);
    private final ConcurrentLinkedQueue<Post> posts = new ConcurrentLinkedQueue<>();
    private final AtomicLong sent = new AtomicLong();
    private volatile ScheduledFuture<?> posting;
    private final Map<String, Long> inFlight = new ConcurrentHashMap<>(); // content -> sent

    /** @param apiBase e.g. {@code http://127.0.0.1:8080/api/v10} */
    DrillPoster(HttpClient http, String apiBase, List<String> tokens, List<String> channels) {
        this.http = http;
        this.apiBase = apiBase;
        this.tokens = List.copyOf(tokens);
        this.channels = List.copyOf(channels);
    }

    /** Starts posting, one post every {@code period}. */
    void start(Duration period) {
        posting = timer.scheduleAtFixedRate(this::postNext, 0, period.toNanos(), TimeUnit.NANOSECONDS);
    }

    private void postNext() {
        long n = sent.incrementAndGet();
        int channel = (int) (n % channels.size());
        String token = tokens.get((int) ((n / channels.size()) % tokens.size()));
        String content = "drill post " + n;
        String body = "{\"content\":\"" + content + "\",\"nonce\":\"drill-" + n + "\",\"enforce_nonce\":true}";
        long now = System.nanoTime();
        inFlight.put(content, now);
        attempt(channel, token, content, body, now, 1, null);
    }

    /** When the oldest post still without its outcome was sent; empty when none is. */
    OptionalLong oldestInFlight() {
        return inFlight.values().stream().mapToLong(Long::longValue).min();
    }

    private void done(Post post) {
        posts.add(post);
        inFlight.remove(post.content());
    }

    private void attempt(int channel, String token, String content, String body, long sentNanos, int attempts, String firstFailure) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(apiBase + "/channels/" + channels.get(channel) + "/messages"))
                .timeout(REQUEST_TIMEOUT).header("Authorization", token).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
        http.sendAsync(request, HttpResponse.BodyHandlers.ofString()).whenComplete((response, error) -> {
            long now = System.nanoTime();
            if (error == null && response.statusCode() == 200) {
                done(new Post(channel, content, sentNanos, now, attempts, firstFailure, 200, id(response.body())));
                return;
            }
            String failure = error != null ? error.getClass().getSimpleName() : response.statusCode() + " " + response.body();
            boolean retryable = error != null || response.statusCode() >= 500;
            if (retryable && now - sentNanos < GIVE_UP.toNanos() && !timer.isShutdown()) {
                timer.schedule(() -> attempt(channel, token, content, body, sentNanos, attempts + 1,
                        firstFailure != null ? firstFailure : failure), retryDelayMillis(attempts), TimeUnit.MILLISECONDS);
            } else {
                done(new Post(channel, content, sentNanos, now, attempts, firstFailure != null ? firstFailure : failure,
                        error != null ? -1 : response.statusCode(), null));
            }
        });
    }

    /** Doubling from {@link #RETRY_DELAY} up to {@link #RETRY_DELAY_MAX}, as client libraries back off. */
    static long retryDelayMillis(int attempts) {
        return Math.min(RETRY_DELAY_MAX.toMillis(), RETRY_DELAY.toMillis() << Math.min(attempts - 1, 10));
    }

    private static String id(String body) {
        try {
            JsonNode message = Json.MAPPER.readTree(body);
            return message.get("id").asText();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Stops posting and waits until every post sent has its outcome; the outcomes. */
    List<Post> stopAndCollect(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        posting.cancel(false); // retries go on
        while (posts.size() < sent.get() && System.nanoTime() < deadline) TimeUnit.MILLISECONDS.sleep(50);
        return List.copyOf(posts);
    }

    /** The outcomes so far. */
    List<Post> posts() {
        return List.copyOf(posts);
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
