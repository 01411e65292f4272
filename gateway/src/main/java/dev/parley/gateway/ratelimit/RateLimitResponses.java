package dev.parley.gateway.ratelimit;

import dev.parley.gateway.http.JsonResponses;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.HeaderMap;
import io.undertow.util.HttpString;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Writes Discord's rate limit headers and 429 answers, as {@code @discordjs/rest} and JDA read them:
 * {@code X-RateLimit-Limit}, {@code -Remaining}, {@code -Reset} (epoch seconds with milliseconds),
 * {@code -Reset-After} (seconds with milliseconds) and {@code -Bucket} on every answer of a limited route; on a 429
 * also {@code Retry-After} (whole seconds, rounded up: JDA parses it as an integer), {@code X-RateLimit-Scope},
 * {@code X-RateLimit-Global: true} for a global limit, and the body
 * {@code {"message", "retry_after" (seconds), "global", "code": 0}}. Every such answer carries {@code Via}: JDA takes
 * a 429 without it for a Cloudflare ban of every route.
 */
public final class RateLimitResponses {
    static final HttpString LIMIT = new HttpString("X-RateLimit-Limit");
    static final HttpString REMAINING = new HttpString("X-RateLimit-Remaining");
    static final HttpString RESET = new HttpString("X-RateLimit-Reset");
    static final HttpString RESET_AFTER = new HttpString("X-RateLimit-Reset-After");
    static final HttpString BUCKET = new HttpString("X-RateLimit-Bucket");
    static final HttpString SCOPE = new HttpString("X-RateLimit-Scope");
    static final HttpString GLOBAL = new HttpString("X-RateLimit-Global");
    static final HttpString RETRY_AFTER = new HttpString("Retry-After");
    static final HttpString VIA = new HttpString("Via");
    static final String MESSAGE = "You are being rate limited.";

    private RateLimitResponses() {
    }

    /** Sets the headers describing the decision's route bucket (none when the caller is unknown). */
    public static void headers(HttpServerExchange exchange, RestRateLimiter.Decision decision) {
        HeaderMap headers = exchange.getResponseHeaders();
        headers.put(VIA, "1.1 parley");
        RateWindows.Verdict route = decision.route();
        if (route == null) return;
        headers.put(LIMIT, route.limit());
        headers.put(REMAINING, route.remaining());
        headers.put(RESET, seconds(route.resetAtMillis()));
        headers.put(RESET_AFTER, seconds(route.resetAfterMillis(decision.nowMillis())));
        headers.put(BUCKET, decision.bucket().id());
    }

    /** Ends the exchange with 429 for a refused decision (after {@link #headers}). */
    public static void refuse(HttpServerExchange exchange, RestRateLimiter.Decision decision) {
        RestRateLimiter.Scope scope = decision.refusedBy();
        HeaderMap headers = exchange.getResponseHeaders();
        headers.put(RETRY_AFTER, Long.toString(Math.max(1, (decision.retryAfterMillis() + 999) / 1000)));
        headers.put(SCOPE, scope.header());
        if (scope.global()) headers.put(GLOBAL, "true");
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("message", MESSAGE);
        body.put("retry_after", decision.retryAfterMillis() / 1000.0);
        body.put("global", scope.global());
        body.put("code", 0);
        JsonResponses.send(exchange, 429, body);
    }

    /** Milliseconds as seconds with three decimals, e.g. {@code 1470173023.123}. */
    static String seconds(long millis) {
        return String.format(Locale.ROOT, "%d.%03d", millis / 1000, millis % 1000);
    }
}
