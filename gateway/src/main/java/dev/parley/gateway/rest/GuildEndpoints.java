package dev.parley.gateway.rest;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.gateway.auth.IntentGrants;
import dev.parley.gateway.protocol.GuildPayloads;
import dev.parley.gateway.protocol.Intents;
import dev.parley.gateway.state.CommandBus;
import dev.parley.gateway.state.StateClient;
import dev.parley.schemas.guild.AddMember;
import dev.parley.schemas.guild.Channel;
import dev.parley.schemas.guild.CreateChannel;
import dev.parley.schemas.guild.CreateGuild;
import dev.parley.schemas.guild.Guild;
import dev.parley.schemas.guild.GuildFields;
import dev.parley.schemas.guild.RemoveMember;
import dev.parley.schemas.guild.UpdateGuild;
import dev.parley.schemas.guild.User;
import dev.parley.schemas.json.Json;
import dev.parley.schemas.reply.Rejection;
import io.undertow.server.HttpHandler;

import java.util.concurrent.CompletableFuture;

import static dev.parley.gateway.rest.RestSupport.actor;
import static dev.parley.gateway.rest.RestSupport.pathId;

/**
 * {@code /guilds/...}: create, read and change guilds, their channels and members. Writes go through the guild app
 * and answer with its decision; reads come from its stores and answer only members. Listing the members needs the
 * GUILD_MEMBERS grant.
 */
public final class GuildEndpoints {
    static final String GUILD = "guild_id";
    static final String USER = "user_id";
    static final int CHANNEL_TEXT = Channel.GUILD_TEXT;
    /** How long a join counts locally, well beyond how long the user app takes to list it. */
    static final long RECENT_JOIN_MILLIS = 60_000;
    static final int RECENT_JOIN_USERS = 100_000;

    private final CommandBus commands;
    private final StateClient state;
    private final IdMinter ids;
    private final RestGrants grants;
    private final long maxBody;
    private final GuildWriteLimits limits;
    private final boolean openJoin;
    private final RecentJoins recentJoins = new RecentJoins(RECENT_JOIN_MILLIS, RECENT_JOIN_USERS, System::currentTimeMillis);

    /**
     * @param grants   who holds GUILD_MEMBERS
     * @param openJoin whether any user may join any guild (until invites exist)
     */
    public GuildEndpoints(CommandBus commands, StateClient state, IdMinter ids, IntentGrants grants, long maxBody,
                          GuildWriteLimits limits, boolean openJoin) {
        this.commands = commands;
        this.state = state;
        this.ids = ids;
        this.grants = new RestGrants(grants, state);
        this.maxBody = maxBody;
        this.limits = limits;
        this.openJoin = openJoin;
    }

    /** {@code POST /guilds {"name"}}: 201 with the guild; the creator owns it. */
    public HttpHandler create() {
        return exchange -> RestSupport.respondToBody(exchange, maxBody, body -> {
            String name = RestSupport.checked("name", GuildBodyFields.of(body, limits.imageMaxBytes()).name,
                    GuildFields::guildName);
            long owner = actor(exchange);
            long guildId = ids.guildId();
            return withRoomForAGuild(owner, guildId, () -> withUser(owner, user -> RestSupport.command(commands,
                    new CreateGuild(CommandBus.newRequestId(), commands.replyTo(), guildId, user, name, ids.inGuild(guildId)),
                    created -> Answer.created(GuildPayloads.guild(read(created, Guild.class))))));
        });
    }

    /** {@code GET /guilds/{id}}. */
    public HttpHandler get() {
        return exchange -> RestSupport.respond(exchange, () -> state.guild(pathId(exchange, GUILD), actor(exchange))
                .thenApply(l -> RestSupport.answer(l, Rejection.UNKNOWN_GUILD, g -> Answer.ok(GuildPayloads.guild(g)))));
    }

    /** {@code PATCH /guilds/{id} {"name"?, "icon"?}} (owner); {@code icon} is image data or an image hash. */
    public HttpHandler update() {
        return exchange -> RestSupport.respondToBody(exchange, maxBody, body -> {
            long guildId = pathId(exchange, GUILD);
            GuildBodyFields fields = GuildBodyFields.of(body, limits.imageMaxBytes());
            return RestSupport.command(commands, new UpdateGuild(CommandBus.newRequestId(), commands.replyTo(),
                            guildId, actor(exchange), fields.name, fields.icon),
                    updated -> Answer.ok(GuildPayloads.guild(read(updated, Guild.class))));
        });
    }

    /**
     * A {@code POST /guilds} or {@code PATCH /guilds/{id}} body; absent fields are null. A name is checked by
     * {@link GuildFields}; an icon becomes the hash that is stored ({@link ImageData}).
     */
    record GuildBodyFields(String name, String icon) {
        /** @throws RestSupport.BadField naming a field of the wrong type or size */
        static GuildBodyFields of(JsonNode body, long imageMaxBytes) {
            String name = RestSupport.text(body, "name");
            if (name != null) RestSupport.checked("name", name, GuildFields::guildName);
            return new GuildBodyFields(name, ImageData.hash("icon", RestSupport.text(body, "icon"), imageMaxBytes));
        }
    }

    /** {@code GET /guilds/{id}/channels}. */
    public HttpHandler channels() {
        return exchange -> RestSupport.respond(exchange, () -> state.guild(pathId(exchange, GUILD), actor(exchange))
                .thenApply(l -> RestSupport.answer(l, Rejection.UNKNOWN_GUILD,
                        g -> Answer.ok(g.channels().stream().map(GuildPayloads::channel).toList()))));
    }

    /** {@code POST /guilds/{id}/channels {"name", "type"?, "parent_id"?, "topic"?}} (owner): 201 with the channel. */
    public HttpHandler createChannel() {
        return exchange -> RestSupport.respondToBody(exchange, maxBody, body -> {
            CreateChannelFields fields = CreateChannelFields.of(body);
            long guildId = pathId(exchange, GUILD);
            return RestSupport.command(commands, new CreateChannel(CommandBus.newRequestId(), commands.replyTo(),
                            guildId, actor(exchange), ids.inGuild(guildId), fields.name, fields.type, fields.parentId,
                            fields.topic),
                    created -> Answer.created(GuildPayloads.channel(read(created, Channel.class))));
        });
    }

    /** A {@code POST /guilds/{id}/channels} body; {@code type} is a text channel when absent, other absent fields null. */
    record CreateChannelFields(String name, int type, Long parentId, String topic) {
        /** @throws RestSupport.BadField naming a field of the wrong type or size ({@link GuildFields}) */
        static CreateChannelFields of(JsonNode body) {
            Integer type = RestSupport.integer(body, "type");
            return new CreateChannelFields(RestSupport.checked("name", RestSupport.text(body, "name"), GuildFields::channelName),
                    type == null ? CHANNEL_TEXT : type, RestSupport.snowflake(body, "parent_id"),
                    RestSupport.checked("topic", RestSupport.text(body, "topic"), GuildFields::topic));
        }
    }

    /**
     * {@code GET /guilds/{id}/members?limit=1..1000&after=}: members in user id order. Without the GUILD_MEMBERS
     * grant 403 with code 50001, as Discord answers an application without the intent.
     */
    public HttpHandler members() {
        return exchange -> RestSupport.respond(exchange, () -> {
            long guildId = pathId(exchange, GUILD);
            int limit = (int) RestSupport.queryNumber(exchange, "limit", 1, 1, 1000);
            long after = RestSupport.queryNumber(exchange, "after", 0, 0, Long.MAX_VALUE);
            long actor = actor(exchange);
            return grants.holds(actor, Intents.GUILD_MEMBERS).thenCompose(held -> held
                    ? state.members(guildId, actor, limit, after)
                            .thenApply(l -> RestSupport.answer(l, Rejection.UNKNOWN_GUILD, Answer::ok))
                    : CompletableFuture.completedFuture(RestSupport.missingAccess("Missing Access")));
        });
    }

    /** {@code GET /guilds/{id}/members/{user}}. */
    public HttpHandler member() {
        return exchange -> RestSupport.respond(exchange, () -> state.member(pathId(exchange, GUILD), pathId(exchange, USER),
                actor(exchange)).thenApply(l -> RestSupport.answer(l, Rejection.UNKNOWN_MEMBER, Answer::ok)));
    }

    /** {@code PUT /guilds/{id}/members/@me}: join; 201 with the member, 204 when already one. */
    public HttpHandler join() {
        return exchange -> RestSupport.respond(exchange, () -> {
            long guildId = pathId(exchange, GUILD);
            long user = pathId(exchange, USER);
            if (user != actor(exchange)) {
                return CompletableFuture.completedFuture(RestSupport.missingAccess(
                        "only @me may be added; invites do not exist yet"));
            }
            if (!openJoin) {
                return CompletableFuture.completedFuture(RestSupport.missingAccess(
                        "joining guilds is switched off (auth.open-guild-join)"));
            }
            return withRoomForAGuild(user, guildId, () -> withUser(user, found -> RestSupport.command(commands,
                    new AddMember(CommandBus.newRequestId(), commands.replyTo(), guildId, found),
                    member -> member == null ? Answer.noContent() : Answer.created(member))));
        });
    }

    /** {@code DELETE /guilds/{id}/members/{user}}: leave (yourself) or kick (the owner); 204. */
    public HttpHandler remove() {
        return exchange -> RestSupport.respond(exchange, () -> leave(pathId(exchange, GUILD), actor(exchange),
                pathId(exchange, USER)));
    }

    /** {@code DELETE /users/@me/guilds/{id}}: leave; 204. */
    public HttpHandler leave() {
        return exchange -> RestSupport.respond(exchange, () -> leave(pathId(exchange, GUILD), actor(exchange),
                actor(exchange)));
    }

    private CompletableFuture<Answer> leave(long guildId, long actor, long user) {
        return RestSupport.command(commands, new RemoveMember(CommandBus.newRequestId(), commands.replyTo(), guildId,
                actor, user), nothing -> Answer.noContent());
    }

    /**
     * Runs {@code then}, which makes {@code userId} a member of {@code guildId}, when the user is in fewer than
     * {@code gateway.max-guilds-per-user} guilds (those the user app lists and those joined or being joined through
     * this gateway), else answers 400 (30001) without writing anything. The place is reserved before {@code then}
     * produces anything, so concurrent joins through this gateway cannot overshoot; it is given back when the answer
     * is not a success or the request fails. (Joins through other gateways at the same moment may each pass: the
     * rate limits bound by how much.)
     */
    private CompletableFuture<Answer> withRoomForAGuild(long userId, long guildId,
                                                      java.util.function.Supplier<CompletableFuture<Answer>> then) {
        return state.userGuilds(userId).thenCompose(guilds -> {
            RecentJoins.Reservation place = recentJoins.reserve(userId, guildId, guilds, limits.maxGuildsPerUser());
            if (place == null) {
                return CompletableFuture.completedFuture(Answer.error(Rejection.MAX_GUILDS, "Maximum number of guilds "
                        + "reached (" + limits.maxGuildsPerUser() + ", gateway.max-guilds-per-user)"));
            }
            CompletableFuture<Answer> answer;
            try {
                answer = then.get();
            } catch (RuntimeException e) {
                place.release();
                throw e;
            }
            return answer.whenComplete((done, error) -> {
                if (error == null && done.succeeded()) place.confirm();
                else place.release();
            });
        });
    }

    private CompletableFuture<Answer> withUser(long userId, java.util.function.Function<User, CompletableFuture<Answer>> then) {
        return state.user(userId).thenCompose(user -> user.isPresent() ? then.apply(user.get())
                : CompletableFuture.completedFuture(Answer.error(401, 0, "401: Unauthorized")));
    }

    static <T> T read(JsonNode body, Class<T> type) {
        try {
            return Json.MAPPER.treeToValue(body, type);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("the state app answered an unreadable " + type.getSimpleName(), e);
        }
    }
}
