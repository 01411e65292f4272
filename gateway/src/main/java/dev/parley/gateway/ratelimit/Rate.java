package dev.parley.gateway.ratelimit;

import dev.parley.config.Setting;

import java.time.Duration;
import java.util.List;

/**
 * A rate limit: at most {@code limit} requests per fixed {@code window} that starts with the first request (Discord's
 * buckets: {@code X-RateLimit-Reset} is that first request plus the window). Written in configuration as
 * {@code <limit>/<window>}, e.g. {@code 5/5s} or {@code 10/1m}.
 *
 * @param limit  requests allowed per window; at least 1
 * @param window the window's length; positive
 */
public record Rate(int limit, Duration window) {
    /** Reads and writes the window as every duration setting does. */
    private static final Setting<Duration> WINDOW = Setting.ofDuration("rate.window", Duration.ofSeconds(1),
            "The window of a rate.");

    /** @throws IllegalArgumentException when {@code limit} is below 1 or {@code window} is not positive */
    public Rate {
        if (limit < 1) throw new IllegalArgumentException("a rate limit allows at least 1 request: " + limit);
        if (window == null || window.isNegative() || window.isZero()) {
            throw new IllegalArgumentException("a rate limit's window must be positive: " + window);
        }
    }

    /** {@code limit} requests per {@code window}. */
    public static Rate of(int limit, Duration window) {
        return new Rate(limit, window);
    }

    /**
     * Parses {@code <limit>/<window>}, the window as a {@link Setting#ofDuration duration} ({@code 250ms}, {@code 5s},
     * {@code 1m}, {@code 1h}).
     *
     * @throws IllegalArgumentException when the text is not of that form
     */
    public static Rate parse(String text) {
        String s = text.strip();
        int slash = s.indexOf('/');
        if (slash <= 0 || slash == s.length() - 1) {
            throw new IllegalArgumentException("a rate is written <limit>/<window>, e.g. 5/5s: " + text);
        }
        return new Rate(Integer.parseInt(s.substring(0, slash).strip()), WINDOW.parser().apply(s.substring(slash + 1)));
    }

    /** The configuration text of this rate, e.g. {@code 5/5s}. */
    @Override
    public String toString() {
        return limit + "/" + WINDOW.formatter().apply(window);
    }

    /** A setting whose value is a rate, written {@code <limit>/<window>}. */
    public static Setting<Rate> setting(String key, Rate defaultValue, String doc) {
        return new Setting<>(key, defaultValue, Rate::parse, Rate::toString, doc, List.of());
    }
}
