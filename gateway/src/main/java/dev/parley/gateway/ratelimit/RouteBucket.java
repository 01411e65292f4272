package dev.parley.gateway.ratelimit;

/**
 * One REST rate limit bucket: a route (method and path template), its rate, and the path parameter whose value
 * splits it per resource (Discord's major parameter: {@code channel_id} or {@code guild_id}), if any.
 *
 * @param name           e.g. {@code POST /channels/{channel_id}/messages}
 * @param majorParameter the major parameter's name, or null
 * @param id             the opaque, stable {@code X-RateLimit-Bucket} of the route (the same on every gateway and for
 *                       every major id, as Discord's)
 */
public record RouteBucket(String name, Rate rate, String majorParameter, String id) {
}
