package dev.parley.gateway;

import dev.parley.config.Settings;
import dev.parley.gateway.http.HealthCheck;
import dev.parley.gateway.http.HealthHandler;
import dev.parley.gateway.http.NotFoundHandler;
import dev.parley.gateway.rest.GatewayUrlHandler;
import dev.parley.gateway.session.GatewayEndpoint;
import io.undertow.Handlers;
import io.undertow.server.HttpHandler;
import io.undertow.server.RoutingHandler;

import java.util.List;
import java.util.function.Supplier;

/** The gateway's URL map. */
final class Routes {

    private Routes() {
    }

    static HttpHandler build(Settings settings, Supplier<String> publicUrl, List<HealthCheck> checks) {
        HttpHandler notFound = new NotFoundHandler();
        RoutingHandler api = Handlers.routing()
                .get("/api/v10/gateway", new GatewayUrlHandler(publicUrl))
                .setFallbackHandler(notFound);
        HttpHandler webSocket = Handlers.websocket(
                new GatewayEndpoint(settings.get(GatewaySettings.HEARTBEAT_INTERVAL)), notFound);
        return Handlers.path(api)
                .addExactPath("/", webSocket)
                .addExactPath("/healthz", new HealthHandler(checks));
    }
}
