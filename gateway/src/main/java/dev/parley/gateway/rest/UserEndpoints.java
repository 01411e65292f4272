package dev.parley.gateway.rest;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.gateway.protocol.Payloads;
import dev.parley.gateway.state.CommandBus;
import dev.parley.gateway.state.StateClient;
import dev.parley.schemas.guild.User;
import dev.parley.schemas.reply.Rejection;
import dev.parley.schemas.user.UpdateProfile;
import io.undertow.server.HttpHandler;

import static dev.parley.gateway.rest.RestSupport.actor;
import static dev.parley.gateway.rest.RestSupport.pathId;

/** {@code /users/...}: profiles. A change goes through the user state app, which tells the user's guilds. */
public final class UserEndpoints {
    private final CommandBus commands;
    private final StateClient state;
    private final long maxBody;

    public UserEndpoints(CommandBus commands, StateClient state, long maxBody) {
        this.commands = commands;
        this.state = state;
        this.maxBody = maxBody;
    }

    /**
     * {@code PATCH /users/@me {"username"?, "global_name"?, "avatar"?}}: 200 with the new user; {@code null} for
     * {@code global_name} or {@code avatar} removes it.
     */
    public HttpHandler updateMe() {
        return exchange -> RestSupport.respondToBody(exchange, maxBody, body -> {
            ProfileFields fields = ProfileFields.of(body);
            return RestSupport.command(commands, new UpdateProfile(CommandBus.newRequestId(), commands.replyTo(),
                            actor(exchange), fields.username, fields.globalName, fields.avatar, fields.clearGlobalName,
                            fields.clearAvatar),
                    user -> Answer.ok(Payloads.selfUser(GuildEndpoints.read(user, User.class))));
        });
    }

    /** A {@code PATCH /users/@me} body; absent fields are null, an explicit null clears {@code global_name}/{@code avatar}. */
    record ProfileFields(String username, String globalName, String avatar, boolean clearGlobalName,
                         boolean clearAvatar) {
        /** @throws RestSupport.BadField naming a field of the wrong type */
        static ProfileFields of(JsonNode body) {
            return new ProfileFields(RestSupport.text(body, "username"), RestSupport.text(body, "global_name"),
                    RestSupport.text(body, "avatar"), body.has("global_name") && body.get("global_name").isNull(),
                    body.has("avatar") && body.get("avatar").isNull());
        }
    }

    /** {@code GET /users/{id}}: the user as others see them. */
    public HttpHandler get() {
        return exchange -> RestSupport.respond(exchange, () -> state.user(pathId(exchange, "user_id")).thenApply(user ->
                user.map(u -> Answer.ok(Payloads.publicUser(u)))
                        .orElseGet(() -> Answer.error(Rejection.UNKNOWN_USER, "Unknown User"))));
    }
}
