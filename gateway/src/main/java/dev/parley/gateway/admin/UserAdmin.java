package dev.parley.gateway.admin;

import dev.parley.gateway.auth.TokenGenerations;
import dev.parley.gateway.auth.Tokens;
import dev.parley.gateway.http.JsonResponses;
import dev.parley.gateway.http.PathParameters;
import dev.parley.gateway.rest.AsyncResponses;
import dev.parley.gateway.state.CommandBus;
import dev.parley.gateway.state.StateClient;
import dev.parley.schemas.Topics;
import dev.parley.schemas.reply.Rejected;
import dev.parley.schemas.user.RevokeTokens;
import io.undertow.server.HttpServerExchange;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The admin API's user endpoints (behind {@code gateway.admin.token}):
 * <ul>
 *   <li>{@code POST /admin/users/{id}/revoke-tokens}: every token of the user stops working (through the user state
 *       app, so it survives restarts); the user's sessions are closed with 4004; 204;</li>
 *   <li>{@code POST /admin/users/{id}/tokens}: a new token of the user, minted at their current token generation
 *       (the way back after a revocation); 200 {@code {"token", "user_id", "generation"}}.</li>
 * </ul>
 * 404 (code 10013) for an unknown user, 503 when the state apps do not answer. Thread-safe.
 */
public final class UserAdmin {
    private static final int UNKNOWN_USER = 10013;

    private final CommandBus commands;
    private final StateClient state;
    private final Tokens tokens;
    private final TokenGenerations generations;

    public UserAdmin(CommandBus commands, StateClient state, Tokens tokens, TokenGenerations generations) {
        this.commands = commands;
        this.state = state;
        this.tokens = tokens;
        this.generations = generations;
    }

    void revokeTokens(HttpServerExchange exchange) {
        Long userId = userId(exchange);
        if (userId == null) return;
        RevokeTokens command = new RevokeTokens(CommandBus.newRequestId(), commands.replyTo(), userId);
        AsyncResponses.respond(exchange, commands.send(Topics.USER_COMMANDS, userId, command), (ex, reply) -> {
            if (reply instanceof Rejected rejected) {
                JsonResponses.error(ex, rejected.reason().httpStatus(), rejected.reason().discordCode(), rejected.message());
                return;
            }
            generations.forget(userId);
            ex.setStatusCode(204);
            ex.endExchange();
        });
    }

    void mintToken(HttpServerExchange exchange) {
        Long userId = userId(exchange);
        if (userId == null) return;
        AsyncResponses.respond(exchange, state.tokenGeneration(userId), (ex, generation) -> {
            if (generation.isEmpty()) {
                JsonResponses.error(ex, 404, UNKNOWN_USER, "unknown user " + userId);
                return;
            }
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("token", tokens.mint(userId, generation.getAsLong(), System.currentTimeMillis() / 1000));
            body.put("user_id", Long.toString(userId));
            body.put("generation", generation.getAsLong());
            JsonResponses.send(ex, 200, body);
        });
    }

    /** The {@code id} path parameter, or null after answering 400. */
    private static Long userId(HttpServerExchange exchange) {
        String id = PathParameters.get(exchange, "id");
        try {
            return Long.parseLong(id);
        } catch (NumberFormatException e) {
            JsonResponses.error(exchange, 400, 50035, "id must be a snowflake, got '" + id + "'");
            return null;
        }
    }
}
