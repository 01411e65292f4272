package dev.parley.gateway.rest;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.gateway.auth.IntentGrants;
import dev.parley.gateway.protocol.GuildPayloads;
import dev.parley.gateway.protocol.Intents;
import dev.parley.gateway.state.ChannelDirectory;
import dev.parley.gateway.state.CommandBus;
import dev.parley.gateway.state.Lookup;
import dev.parley.gateway.state.StateClient;
import dev.parley.schemas.guild.Channel;
import dev.parley.schemas.guild.CreateMessage;
import dev.parley.schemas.guild.DeleteChannel;
import dev.parley.schemas.guild.DeleteMessage;
import dev.parley.schemas.guild.GuildFields;
import dev.parley.schemas.guild.Message;
import dev.parley.schemas.guild.TriggerTyping;
import dev.parley.schemas.guild.UpdateChannel;
import dev.parley.schemas.reply.Rejection;
import io.undertow.server.HttpHandler;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.LongFunction;

import static dev.parley.gateway.rest.RestSupport.actor;
import static dev.parley.gateway.rest.RestSupport.pathId;

/**
 * {@code /channels/...}: a channel, its messages and typing. The channel's guild is found through the channel
 * index; an unknown channel answers 404 (10003). Messages read back carry their content (and attachments and embeds)
 * only for a reader with the MESSAGE_CONTENT grant, or who wrote the message or is mentioned in it.
 */
public final class ChannelEndpoints {
    static final String CHANNEL = "channel_id";
    static final String MESSAGE = "message_id";

    private final CommandBus commands;
    private final StateClient state;
    private final ChannelDirectory channels;
    private final RestGrants grants;
    private final IdMinter ids;
    private final long maxBody;

    /** @param grants who holds MESSAGE_CONTENT */
    public ChannelEndpoints(CommandBus commands, StateClient state, ChannelDirectory channels, IdMinter ids,
                            IntentGrants grants, long maxBody) {
        this.commands = commands;
        this.state = state;
        this.channels = channels;
        this.ids = ids;
        this.grants = new RestGrants(grants, state);
        this.maxBody = maxBody;
    }

    /** {@code GET /channels/{id}}. */
    public HttpHandler get() {
        return exchange -> RestSupport.respond(exchange, () -> {
            long channelId = pathId(exchange, CHANNEL);
            return inGuild(channelId, guildId -> state.guild(guildId, actor(exchange)).thenApply(l ->
                    RestSupport.answer(l, Rejection.UNKNOWN_GUILD, guild -> {
                        Channel channel = guild.channel(channelId);
                        return channel == null ? Answer.error(Rejection.UNKNOWN_CHANNEL, "unknown channel " + channelId)
                                : Answer.ok(GuildPayloads.channel(channel));
                    })));
        });
    }

    /** {@code PATCH /channels/{id} {"name"?, "topic"?, "parent_id"?, "position"?}} (owner); {@code parent_id: null} clears it. */
    public HttpHandler update() {
        return exchange -> RestSupport.respondToBody(exchange, maxBody, body -> {
            long channelId = pathId(exchange, CHANNEL);
            UpdateChannelFields fields = UpdateChannelFields.of(body);
            return inGuild(channelId, guildId -> RestSupport.command(commands, new UpdateChannel(CommandBus.newRequestId(),
                            commands.replyTo(), guildId, actor(exchange), channelId, fields.name, fields.topic,
                            fields.parentId, fields.clearParent, fields.position),
                    updated -> Answer.ok(GuildPayloads.channel(GuildEndpoints.read(updated, Channel.class)))));
        });
    }

    /** A {@code PATCH /channels/{id}} body; absent fields are null. */
    record UpdateChannelFields(String name, String topic, Long parentId, boolean clearParent, Integer position) {
        /** @throws RestSupport.BadField naming a field of the wrong type or size ({@link GuildFields}) */
        static UpdateChannelFields of(JsonNode body) {
            String name = RestSupport.text(body, "name");
            if (name != null) RestSupport.checked("name", name, GuildFields::channelName);
            return new UpdateChannelFields(name, RestSupport.checked("topic", RestSupport.text(body, "topic"), GuildFields::topic),
                    RestSupport.snowflake(body, "parent_id"), body.has("parent_id") && body.get("parent_id").isNull(),
                    RestSupport.integer(body, "position"));
        }
    }

    /** {@code DELETE /channels/{id}} (owner): 200 with the deleted channel. */
    public HttpHandler delete() {
        return exchange -> RestSupport.respond(exchange, () -> {
            long channelId = pathId(exchange, CHANNEL);
            return inGuild(channelId, guildId -> RestSupport.command(commands, new DeleteChannel(
                    CommandBus.newRequestId(), commands.replyTo(), guildId, actor(exchange), channelId),
                    deleted -> Answer.ok(GuildPayloads.channel(GuildEndpoints.read(deleted, Channel.class)))));
        });
    }

    /**
     * {@code POST /channels/{id}/messages {"content", "nonce"?, "enforce_nonce"?, "tts"?}}: 200 with the created
     * message (with {@code enforce_nonce}, the author's earlier message of the same nonce, if any, instead). Content over
     * {@value Message#MAX_CONTENT} characters answers 400 naming the field, and content with nothing to show 400 (50006),
     * before anything is written.
     */
    public HttpHandler postMessage() {
        return exchange -> RestSupport.respondToBody(exchange, maxBody, body -> {
            long channelId = pathId(exchange, CHANNEL);
            MessageFields fields = MessageFields.of(body);
            if (GuildFields.blank(fields.content)) {
                return CompletableFuture.completedFuture(Answer.error(Rejection.EMPTY_MESSAGE, "Cannot send an empty message"));
            }
            return inGuild(channelId, guildId -> RestSupport.command(commands, new CreateMessage(CommandBus.newRequestId(),
                    commands.replyTo(), guildId, actor(exchange), channelId, ids.inGuild(guildId), fields.content,
                    fields.nonce, fields.tts, fields.enforceNonce), Answer::ok));
        });
    }

    /** A {@code POST /channels/{id}/messages} body: content ({@code ""} when absent), nonce or null, tts, enforce_nonce. */
    record MessageFields(String content, String nonce, boolean tts, boolean enforceNonce) {
        /** @throws RestSupport.BadField naming a field of the wrong type or size ({@link GuildFields}) */
        static MessageFields of(JsonNode body) {
            String content = RestSupport.checked("content", RestSupport.text(body, "content"), GuildFields::content);
            String nonce = ChannelEndpoints.nonce(body);
            boolean tts = RestSupport.flag(body, "tts", false);
            boolean enforceNonce = RestSupport.flag(body, "enforce_nonce", false);
            return new MessageFields(content == null ? "" : content, nonce, tts, enforceNonce);
        }
    }

    /**
     * {@code GET /channels/{id}/messages?limit=1..100&before=&after=}: newest first, each as the reader may see it
     * ({@link #asSeenBy}).
     */
    public HttpHandler messages() {
        return exchange -> RestSupport.respond(exchange, () -> {
            long channelId = pathId(exchange, CHANNEL);
            int limit = (int) RestSupport.queryNumber(exchange, "limit", 50, 1, 100);
            long before = RestSupport.queryNumber(exchange, "before", 0, 0, Long.MAX_VALUE);
            long after = RestSupport.queryNumber(exchange, "after", 0, 0, Long.MAX_VALUE);
            long reader = actor(exchange);
            return inGuild(channelId, guildId -> state.messages(guildId, channelId, reader, limit, before, after)
                    .thenCombine(grants.holds(reader, Intents.MESSAGE_CONTENT), (l, content) ->
                            RestSupport.answer(l, Rejection.UNKNOWN_CHANNEL,
                                    messages -> Answer.ok(asSeenBy(messages, reader, content)))));
        });
    }

    /**
     * {@code messages} as {@code reader} may see them: whole with the MESSAGE_CONTENT grant ({@code content}),
     * otherwise whole only those it wrote or is mentioned in ({@link Message#concerns}), the others with their
     * content, attachments and embeds empty ({@link Message#withoutContent}), as Discord does.
     */
    static List<Message> asSeenBy(List<Message> messages, long reader, boolean content) {
        if (content) return messages;
        return messages.stream().map(m -> m.concerns(reader) ? m : m.withoutContent()).toList();
    }

    /** {@code DELETE /channels/{id}/messages/{message}} (author or owner): 204. */
    public HttpHandler deleteMessage() {
        return exchange -> RestSupport.respond(exchange, () -> {
            long channelId = pathId(exchange, CHANNEL);
            long messageId = pathId(exchange, MESSAGE);
            return inGuild(channelId, guildId -> RestSupport.command(commands, new DeleteMessage(CommandBus.newRequestId(),
                    commands.replyTo(), guildId, actor(exchange), channelId, messageId), nothing -> Answer.noContent()));
        });
    }

    /** {@code POST /channels/{id}/typing}: 204. */
    public HttpHandler typing() {
        return exchange -> RestSupport.respond(exchange, () -> {
            long channelId = pathId(exchange, CHANNEL);
            return inGuild(channelId, guildId -> RestSupport.command(commands, new TriggerTyping(CommandBus.newRequestId(),
                    commands.replyTo(), guildId, actor(exchange), channelId), nothing -> Answer.noContent()));
        });
    }

    private CompletableFuture<Answer> inGuild(long channelId, LongFunction<CompletableFuture<Answer>> then) {
        return channels.guildOf(channelId).thenCompose(lookup -> lookup instanceof Lookup.Found<Long> found
                ? then.apply(found.value())
                : CompletableFuture.completedFuture(Answer.error(Rejection.UNKNOWN_CHANNEL, "unknown channel " + channelId)));
    }

    /** Discord sends a nonce as a string or an integer; it comes back as a string. */
    private static String nonce(JsonNode body) {
        JsonNode nonce = body.get("nonce");
        if (nonce == null || nonce.isNull()) return null;
        if (nonce.isTextual() || nonce.isIntegralNumber()) {
            String text = nonce.asText();
            if (GuildFields.nonce(text) == null) return text;
        }
        throw new RestSupport.BadField("nonce", "nonce must be a string or integer of 1-" + Message.MAX_NONCE + " characters");
    }
}
