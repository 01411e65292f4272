package dev.parley.gateway.rest;

import dev.parley.gateway.auth.TokenGenerations;
import dev.parley.gateway.state.CommandBus;
import dev.parley.schemas.user.RevokeTokens;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;

/**
 * {@code POST /auth/logout} (authenticated): revokes every token of the caller, the one used included, through the
 * user state app; 204 once it has. This gateway refuses them from then on, the caller's sessions are closed with
 * 4004 wherever they are, and other gateways refuse the tokens within {@code auth.token-cache.ttl}.
 */
public final class LogoutHandler implements HttpHandler {
    private final CommandBus commands;
    private final TokenGenerations generations;

    public LogoutHandler(CommandBus commands, TokenGenerations generations) {
        this.commands = commands;
        this.generations = generations;
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) {
        long userId = RestSupport.actor(exchange);
        long generation = exchange.getAttachment(RestAuth.TOKEN_GENERATION);
        RestSupport.respond(exchange, () -> RestSupport.command(commands,
                new RevokeTokens(CommandBus.newRequestId(), commands.replyTo(), userId, generation), revoked -> Answer.noContent())
                .thenApply(answer -> {
                    generations.forget(userId);
                    return answer;
                }));
    }
}
