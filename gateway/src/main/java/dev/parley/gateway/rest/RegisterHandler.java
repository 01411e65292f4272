package dev.parley.gateway.rest;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.gateway.auth.Tokens;
import dev.parley.gateway.http.JsonResponses;
import dev.parley.gateway.protocol.Payloads;
import dev.parley.gateway.state.CommandBus;
import dev.parley.schemas.Topics;
import dev.parley.schemas.guild.User;
import dev.parley.schemas.reply.Accepted;
import dev.parley.schemas.reply.Rejected;
import dev.parley.schemas.user.RegisterUser;
import dev.parley.schemas.user.Usernames;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code POST /auth/register {"username": "...", "bot": false}}: creates a user through the user state app and
 * answers {@code {"token", "user"}}. Only when {@code auth.registration-enabled}; otherwise 404.
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
        JsonBody.read(exchange, maxBodyBytes, this::register);
    }

    private void register(HttpServerExchange exchange, JsonNode body) {
        JsonNode username = body.get("username");
        String name = username == null || !username.isTextual() ? null : username.textValue();
        String problem = Usernames.problem(name);
        if (problem != null) {
            JsonResponses.invalidField(exchange, "username", problem);
            return;
        }
        JsonNode bot = body.get("bot");
        if (bot != null && !bot.isBoolean() && !bot.isNull()) {
            JsonResponses.invalidField(exchange, "bot", "bot must be true or false");
            return;
        }
        User user = User.of(ids.userId(), name, bot != null && bot.asBoolean());
        RegisterUser command = new RegisterUser(CommandBus.newRequestId(), commands.replyTo(), user);
        AsyncResponses.respond(exchange, commands.send(Topics.USER_COMMANDS, user.id(), command), (ex, reply) -> {
            if (reply instanceof Rejected rejected && rejected.reason() == dev.parley.schemas.reply.Rejection.EXPIRED) {
                AsyncResponses.unavailable(ex, rejected.message());
            } else if (reply instanceof Rejected rejected && rejected.reason() != dev.parley.schemas.reply.Rejection.INVALID_FORM_BODY) {
                JsonResponses.error(ex, rejected.reason().httpStatus(), rejected.reason().discordCode(), rejected.message());
            } else if (reply instanceof Rejected rejected) {
                JsonResponses.invalidField(ex, rejected.field(), rejected.message());
            } else if (reply instanceof Accepted) {
                Map<String, Object> answer = new LinkedHashMap<>();
                answer.put("token", tokens.mint(user.id(), 0, System.currentTimeMillis() / 1000)); // a new user: generation 0
                answer.put("user", Payloads.selfUser(user));
                JsonResponses.send(ex, 200, answer);
            }
        });
    }
}
