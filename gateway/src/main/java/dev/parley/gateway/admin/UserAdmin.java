package dev.parley.gateway.admin;

import dev.parley.gateway.auth.TokenGenerations;
import dev.parley.gateway.auth.Tokens;
import dev.parley.gateway.http.JsonResponses;
import dev.parley.gateway.http.PathParameters;
import dev.parley.gateway.rest.Answer;
import dev.parley.gateway.rest.RestSupport;
import dev.parley.gateway.state.CommandBus;
import dev.parley.gateway.state.StateClient;
import dev.parley.schemas.reply.Rejection;
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
 * 404 (code 10013) for an unknown user, 503 with {@code Retry-After} when the state apps do not answer in time; a
 * rejection is answered as every REST write's ({@link RestSupport#command}). Thread-safe.
 */
public final class UserAdmin {
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
        RestSupport.respond(exchange, () -> state.tokenGeneration(userId).thenCompose(current ->
                // the generation to revoke is the current one (an unknown user: the user app says so)
                RestSupport.command(commands, new RevokeTokens(CommandBus.newRequestId(), commands.replyTo(), userId,
                        current.isEmpty() ? 0 : current.getAsLong()), nothing -> {
                    generations.forget(userId);
                    return Answer.noContent();
                })));
    }

    void mintToken(HttpServerExchange exchange) {
        Long userId = userId(exchange);
        if (userId == null) return;
        RestSupport.respond(exchange, () -> state.tokenGeneration(userId).thenApply(generation -> {
            if (generation.isEmpty()) return Answer.error(Rejection.UNKNOWN_USER, "unknown user " + userId);
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("token", tokens.mint(userId, generation.getAsLong(), System.currentTimeMillis() / 1000));
            body.put("user_id", Long.toString(userId));
            body.put("generation", generation.getAsLong());
            return Answer.ok(body);
        }));
    }

    /** The {@code id} path parameter, or null after answering 400. */
    private static Long userId(HttpServerExchange exchange) {
        String id = PathParameters.get(exchange, "id");
        try {
            return Long.parseLong(id);
        } catch (NumberFormatException e) {
            JsonResponses.invalidField(exchange, "id", "id must be a snowflake, got '" + id + "'");
            return null;
        }
    }
}
