package dev.parley.gateway.ratelimit;

import io.undertow.server.HttpServerExchange;
import io.undertow.util.PathTemplateMatch;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Which bucket a REST request counts against: one per route (method and matched path template), with the rate named
 * for that route (message posts, registration) or the default route rate, split by the route's major parameter.
 * Thread-safe; holds one entry per route of the URL map.
 */
public final class RestBuckets {
    /** Discord's major parameters, in the order they are looked for in a template. */
    static final List<String> MAJOR_PARAMETERS = List.of("channel_id", "guild_id");
    /** Requests without a matched template (none are routed so) share this name. */
    static final String UNMATCHED = "unmatched";

    private final String prefix;
    private final Rate defaultRate;
    private final Map<String, Rate> rates;
    private final Map<String, RouteBucket> known = new ConcurrentHashMap<>();

    /**
     * @param prefix      the API prefix left out of bucket names, e.g. {@code /api/v10}
     * @param defaultRate the rate of routes not named in {@code rates}
     * @param rates       rates by route name, e.g. {@code POST /channels/{channel_id}/messages}
     */
    public RestBuckets(String prefix, Rate defaultRate, Map<String, Rate> rates) {
        this.prefix = prefix;
        this.defaultRate = defaultRate;
        this.rates = Map.copyOf(rates);
    }

    /** The bucket of the route the exchange was routed to. */
    public RouteBucket of(HttpServerExchange exchange) {
        PathTemplateMatch match = exchange.getAttachment(PathTemplateMatch.ATTACHMENT_KEY);
        String template = match == null ? null : match.getMatchedTemplate();
        return of(exchange.getRequestMethod().toString(), template);
    }

    /** The bucket of {@code method} on {@code template} (null: an unmatched request). */
    public RouteBucket of(String method, String template) {
        String path = template == null ? UNMATCHED : template.startsWith(prefix) ? template.substring(prefix.length()) : template;
        String name = method + " " + path;
        return known.computeIfAbsent(name, n -> new RouteBucket(n, rates.getOrDefault(n, defaultRate),
                MAJOR_PARAMETERS.stream().filter(p -> path.contains("{" + p + "}")).findFirst().orElse(null), id(n)));
    }

    /**
     * The value of the bucket's major parameter in the exchange's path, 0 when it has none or it is not an id. Read
     * from the matched path only: a query parameter of the same name cannot move a request to another bucket.
     */
    public static long majorId(HttpServerExchange exchange, RouteBucket bucket) {
        PathTemplateMatch match = exchange.getAttachment(PathTemplateMatch.ATTACHMENT_KEY);
        if (bucket.majorParameter() == null || match == null) return 0;
        String value = match.getParameters().get(bucket.majorParameter());
        if (value == null) return 0;
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            return 0; // the endpoint answers 400 for it
        }
    }

    /** An opaque id for a route name: the first 16 bytes of its SHA-256, in hex. */
    static String id(String name) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(("parley:" + name).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
