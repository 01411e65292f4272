package dev.parley.gateway;

import dev.parley.config.Settings;
import dev.parley.gateway.auth.AuthSettings;
import dev.parley.gateway.http.BodyDeadlineHandler;
import dev.parley.gateway.http.HealthCheck;
import dev.parley.gateway.http.HealthHandler;
import dev.parley.gateway.http.ListenerSettings;
import dev.parley.gateway.http.NotFoundHandler;
import dev.parley.gateway.ratelimit.RestRateLimits;
import dev.parley.gateway.ratelimit.WindowSweeper;
import dev.parley.gateway.rest.AuthenticatedHandler;
import dev.parley.gateway.rest.AuthenticatedUser;
import dev.parley.gateway.rest.ChannelEndpoints;
import dev.parley.gateway.rest.GuildEndpoints;
import dev.parley.gateway.rest.GuildWriteLimits;
import dev.parley.gateway.rest.IdMinter;
import dev.parley.gateway.rest.CurrentUserHandler;
import dev.parley.gateway.rest.GatewayBotHandler;
import dev.parley.gateway.rest.GatewayUrlHandler;
import dev.parley.gateway.rest.LogoutHandler;
import dev.parley.gateway.rest.RegisterHandler;
import dev.parley.gateway.rest.UserEndpoints;
import dev.parley.gateway.session.GatewayContext;
import dev.parley.gateway.session.GatewayEndpoint;
import dev.parley.gateway.state.ChannelDirectory;
import dev.parley.gateway.state.CommandBus;
import io.undertow.Handlers;
import io.undertow.server.HttpHandler;
import io.undertow.util.Methods;

import java.util.List;

/** The gateway's URL map. */
final class Routes {
    private static final String API = "/api/v10";

    private final Settings settings;
    private final GatewayContext context;
    private final CommandBus commands;
    private final IdMinter ids;
    private final List<HealthCheck> checks;
    private final RestRateLimits rateLimits;

    /** @param windows makes the REST rate limits' tables of windows */
    Routes(Settings settings, GatewayContext context, CommandBus commands, IdMinter ids,
           List<HealthCheck> checks, WindowSweeper windows) {
        this.settings = settings;
        this.context = context;
        this.commands = commands;
        this.ids = ids;
        this.checks = checks;
        this.rateLimits = RestRateLimits.from(settings, API, windows, context.metrics());
    }

    HttpHandler build() {
        HttpHandler notFound = new NotFoundHandler();
        long maxBody = settings.get(GatewaySettings.REST_BODY_MAX_BYTES);
        GuildWriteLimits writeLimits = GuildWriteLimits.from(settings);
        GuildEndpoints guilds = new GuildEndpoints(commands, context.state(), ids, context.grants(), maxBody, writeLimits,
                settings.get(AuthSettings.OPEN_GUILD_JOIN));
        ChannelEndpoints channels = new ChannelEndpoints(commands, context.state(),
                new ChannelDirectory(context.state(), settings.get(GatewaySettings.CHANNEL_CACHE_ENTRIES)), ids,
                context.grants(), maxBody);
        UserEndpoints users = new UserEndpoints(commands, context.state(), maxBody);
        HttpHandler api = Handlers.routing(false) // path parameters only in the PathTemplateMatch (PathParameters)
                .get(API + "/gateway", open(new GatewayUrlHandler(context.publicUrl())))
                .get(API + "/gateway/bot", authenticated(new GatewayBotHandler(context.state(), context.admission().sessionStarts(),
                        context.publicUrl())))
                .get(API + "/users/@me", authenticated(new CurrentUserHandler(context.state())))
                .add(Methods.PATCH, API + "/users/@me", authenticated(users.updateMe()))
                .get(API + "/users/{user_id}", authenticated(users.get()))
                .delete(API + "/users/@me/guilds/{guild_id}", authenticated(guilds.leave()))
                .post(API + "/auth/register", open(new RegisterHandler(settings.get(AuthSettings.REGISTRATION_ENABLED),
                        context.tokens(), commands, ids, maxBody)))
                .post(API + "/auth/logout", authenticated(new LogoutHandler(commands, context.generations())))
                .post(API + "/guilds", authenticated(guilds.create()))
                .get(API + "/guilds/{guild_id}", authenticated(guilds.get()))
                .add(Methods.PATCH, API + "/guilds/{guild_id}", authenticated(guilds.update()))
                .get(API + "/guilds/{guild_id}/channels", authenticated(guilds.channels()))
                .post(API + "/guilds/{guild_id}/channels", authenticated(guilds.createChannel()))
                .get(API + "/guilds/{guild_id}/members", authenticated(guilds.members()))
                .get(API + "/guilds/{guild_id}/members/{user_id}", authenticated(guilds.member()))
                .put(API + "/guilds/{guild_id}/members/{user_id}", authenticated(guilds.join()))
                .delete(API + "/guilds/{guild_id}/members/{user_id}", authenticated(guilds.remove()))
                .get(API + "/channels/{channel_id}", authenticated(channels.get()))
                .add(Methods.PATCH, API + "/channels/{channel_id}", authenticated(channels.update()))
                .delete(API + "/channels/{channel_id}", authenticated(channels.delete()))
                .get(API + "/channels/{channel_id}/messages", authenticated(channels.messages()))
                .post(API + "/channels/{channel_id}/messages", authenticated(channels.postMessage()))
                .delete(API + "/channels/{channel_id}/messages/{message_id}", authenticated(channels.deleteMessage()))
                .post(API + "/channels/{channel_id}/typing", authenticated(channels.typing()))
                .get("/healthz", rateLimits.perAddressOutsideTheApi(new HealthHandler(checks,
                        settings.get(GatewaySettings.ADMIN_TOKEN))))
                .setFallbackHandler(notFound);
        HttpHandler webSocket = Handlers.websocket(new GatewayEndpoint(context), notFound);
        return Handlers.path(new BodyDeadlineHandler(settings.get(ListenerSettings.BODY_TIMEOUT), context.metrics(), api))
                .addExactPath("/", webSocket);
    }

    /** A route that needs a token: refused to addresses failing authentication too often, then limited per user. */
    private HttpHandler authenticated(HttpHandler next) {
        return rateLimits.refusingFailedAuthentication(new AuthenticatedHandler(context.tokens(), context.generations(),
                rateLimits.perUser(AuthenticatedUser::id, next)));
    }

    /** A route that needs no token: limited per client address. */
    private HttpHandler open(HttpHandler next) {
        return rateLimits.perAddress(next);
    }
}
