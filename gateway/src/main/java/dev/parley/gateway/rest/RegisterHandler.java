package dev.parley.gateway.rest;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.gateway.auth.Tokens;
import dev.parley.gateway.http.JsonResponses;
import dev.parley.gateway.protocol.Payloads;
import dev.parley.gateway.state.CommandBus;
import dev.parley.schemas.guild.User;
import dev.parley.schemas.user.RegisterUser;
import dev.parley.schemas.user.Usernames;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * {@code POST /auth/register {"username": "...", "bot": false}}: creates a user through the user state app and
 * answers {@code {"token", "user"}}; a rejection as every other write ({@link RestSupport#rejected}). Only when
 * {@code auth.registration-enabled}; otherwise 404.
 */
public final class RegisterHandler implements HttpHandler {
    private final boolean enabled;
    private final Tokens tokens;
    private final CommandBus commands;
    private final IdMinter ids;
    private final long maxBodyBytes;

    public RegisterHandler(boolean enabled, Tokens tokens, CommandBus commands, IdMinter ids, long maxBodyBytes) {
        this.enabled = enabled;
        this.tokens = tokens;
        this.commands = commands;
        this.ids = ids;
        this.maxBodyBytes = maxBodyBytes;
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) {
        if (!enabled) {
            JsonResponses.error(exchange, 404, 0, "404: Not Found (registration is switched off)");
            return;
        }
        RestSupport.respondToBody(exchange, maxBodyBytes, this::register);
    }

    private CompletableFuture<Answer> register(JsonNode body) {
        JsonNode username = body.get("username");
        String name = username == null || !username.isTextual() ? null : username.textValue();
        String problem = Usernames.problem(name);
        if (problem != null) throw new RestSupport.BadField("username", problem);
        User user = User.of(ids.userId(), name, RestSupport.flag(body, "bot", false));
        return RestSupport.command(commands, new RegisterUser(CommandBus.newRequestId(), commands.replyTo(), user),
                accepted -> {
                    Map<String, Object> answer = new LinkedHashMap<>();
                    answer.put("token", tokens.mint(user.id(), 0, System.currentTimeMillis() / 1000)); // a new user: generation 0
                    answer.put("user", Payloads.selfUser(user));
                    return Answer.ok(answer);
                });
    }
}
