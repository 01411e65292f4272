package dev.parley.gateway;

import dev.parley.config.Settings;
import dev.parley.gateway.auth.AuthSettings;
import dev.parley.gateway.http.HealthCheck;
import dev.parley.gateway.http.HealthHandler;
import dev.parley.gateway.http.NotFoundHandler;
import dev.parley.gateway.rest.AuthenticatedHandler;
import dev.parley.gateway.rest.CurrentUserHandler;
import dev.parley.gateway.rest.GatewayBotHandler;
import dev.parley.gateway.rest.GatewayUrlHandler;
import dev.parley.gateway.rest.RegisterHandler;
import dev.parley.gateway.session.GatewayContext;
import dev.parley.gateway.session.GatewayEndpoint;
import dev.parley.gateway.state.CommandBus;
import dev.parley.schemas.ids.SnowflakeGenerator;
import io.undertow.Handlers;
import io.undertow.server.HttpHandler;

import java.util.List;

/** The gateway's URL map. */
final class Routes {
    private static final String API = "/api/v10";

    private final Settings settings;
    private final GatewayContext context;
    private final CommandBus commands;
    private final SnowflakeGenerator ids;
    private final List<HealthCheck> checks;

    Routes(Settings settings, GatewayContext context, CommandBus commands, SnowflakeGenerator ids,
           List<HealthCheck> checks) {
        this.settings = settings;
        this.context = context;
        this.commands = commands;
        this.ids = ids;
        this.checks = checks;
    }

    HttpHandler build() {
        HttpHandler notFound = new NotFoundHandler();
        long maxBody = settings.get(GatewaySettings.REST_BODY_MAX_BYTES);
        HttpHandler api = Handlers.routing()
                .get(API + "/gateway", new GatewayUrlHandler(context.publicUrl()))
                .get(API + "/gateway/bot", authenticated(new GatewayBotHandler(context.state(), context.publicUrl())))
                .get(API + "/users/@me", authenticated(new CurrentUserHandler(context.state())))
                .post(API + "/auth/register", new RegisterHandler(settings.get(AuthSettings.REGISTRATION_ENABLED),
                        context.tokens(), commands, ids, maxBody))
                .setFallbackHandler(notFound);
        HttpHandler webSocket = Handlers.websocket(new GatewayEndpoint(context), notFound);
        return Handlers.path(api)
                .addExactPath("/", webSocket)
                .addExactPath("/healthz", new HealthHandler(checks));
    }

    private HttpHandler authenticated(HttpHandler next) {
        return new AuthenticatedHandler(context.tokens(), next);
    }
}
