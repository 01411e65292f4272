package dev.parley.gateway.ratelimit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * What the REST rate limiter costs one request: {@link RestRateLimiter#user} (the user's global window, then the
 * route's window for the user and its major id) over {@code users} distinct users posting to their channels, with
 * limits high enough that nothing is refused, as on the REST post path under load.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class RateLimiterBenchmark {
    @Param({"100", "100000"})
    int users;

    private RestRateLimiter limiter;
    private RouteBucket posts;
    private long next;

    @Setup
    public void setUp() {
        Rate plenty = Rate.of(1_000_000_000, Duration.ofSeconds(1));
        RateWindows windows = new RateWindows("users", 1_000_000, System::currentTimeMillis);
        limiter = new RestRateLimiter(windows, new RateWindows("addresses", 1000, System::currentTimeMillis),
                new RateWindows("failures", 1000, System::currentTimeMillis), System::currentTimeMillis, plenty, plenty, plenty);
        posts = new RouteBucket("POST /channels/{channel_id}/messages", plenty, "channel_id", "b1");
    }

    @Benchmark
    public RestRateLimiter.Decision countAPost() {
        long user = next++ % users;
        return limiter.user(user, posts, 1_000_000 + user);
    }
}
