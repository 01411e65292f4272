package dev.parley.gateway.http;

import io.undertow.server.HttpServerExchange;
import io.undertow.util.PathTemplateMatch;

/**
 * The parameters of the path template a request was routed by ({@code /channels/{channel_id}}), read from the
 * routing's {@link PathTemplateMatch} only: never from the query string, where anyone can add a parameter of the
 * same name ({@code ?channel_id=...}) that Undertow's query map would list first. The URL maps route with
 * {@code Handlers.routing(false)}, so path parameters are not copied into the query map at all.
 */
public final class PathParameters {
    private PathParameters() {
    }

    /** The value of {@code name} in the matched path, or null when the request was not routed by a template with it. */
    public static String get(HttpServerExchange exchange, String name) {
        PathTemplateMatch match = exchange.getAttachment(PathTemplateMatch.ATTACHMENT_KEY);
        return match == null ? null : match.getParameters().get(name);
    }
}
