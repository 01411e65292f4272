package dev.parley.streams.guild;

import dev.parley.schemas.guild.CreateMessage;
import dev.parley.schemas.guild.DeleteMessage;
import dev.parley.schemas.guild.Guild;
import dev.parley.schemas.guild.GuildFields;
import dev.parley.schemas.guild.GuildEvent;
import dev.parley.schemas.guild.Member;
import dev.parley.schemas.guild.Message;
import dev.parley.schemas.guild.MessageCreated;
import dev.parley.schemas.guild.MessageDeleted;
import dev.parley.schemas.guild.PartialMember;
import dev.parley.schemas.guild.TriggerTyping;
import dev.parley.schemas.guild.TypingStarted;
import dev.parley.schemas.guild.User;
import dev.parley.schemas.ids.Snowflake;
import dev.parley.schemas.reply.Rejection;
import dev.parley.streams.Outcome;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Message and typing commands. Stateless; the state is passed in.
 *
 * <p>A post carries its message's id, so applying it twice (after a stream task crashed before committing) finds the
 * message already there and announces and answers it again, never a second message; and a post repeating an
 * earlier one's nonce with {@code enforce_nonce} is answered with the earlier message.
 */
final class MessageCommands {
    private static final Pattern USER_MENTION = Pattern.compile("<@!?(\\d{1,20})>");

    private final GuildState state;
    private final MessageNonces nonces;

    MessageCommands(GuildState state, MessageNonces nonces) {
        this.state = state;
        this.nonces = nonces;
    }

    Outcome<GuildEvent> create(CreateMessage command, Instant at) {
        Outcome<GuildEvent> refused = Guard.member(state, command);
        Guild guild = state.guild(command.guildId());
        if (refused == null) refused = Guard.textChannel(guild, command, command.channelId());
        if (refused == null) refused = Guard.field(command, "content", GuildFields.content(command.content()));
        if (refused == null && GuildFields.blank(command.content())) {
            refused = Outcome.rejected(command, Rejection.EMPTY_MESSAGE, null, "Cannot send an empty message");
        }
        if (refused == null) refused = Guard.field(command, "nonce", GuildFields.nonce(command.nonce()));
        if (refused == null) refused = Guard.objectId(command, "message_id", command.messageId());
        if (refused != null) return refused;
        Message applied = state.message(command.channelId(), command.messageId());
        if (applied != null) {
            if (applied.author().id() != command.actorId() || !applied.content().equals(command.content())) {
                return idTaken(command); // another post has this id: two gateways with one worker id
            }
            // this very post, applied before: the same event and answer again
            return Outcome.accepted(command, List.of(new MessageCreated(command.requestId(), guild.id(), applied)), applied);
        }
        if (command.enforceNonce() && command.nonce() != null) {
            Long earlier = nonces.find(command.channelId(), command.actorId(), command.nonce(), at);
            Message original = earlier == null ? null : state.message(command.channelId(), earlier);
            if (original != null) return Outcome.accepted(command, List.of(), original);
        }
        long id = command.messageId();
        Member author = state.member(guild.id(), command.actorId());
        Message message = new Message(id, command.channelId(), guild.id(), author.user(), PartialMember.of(author),
                command.content(), Snowflake.timestamp(id).toString(), null, command.tts(),
                command.content().contains("@everyone") && guild.ownerId() == command.actorId(),
                mentions(guild.id(), command.content()), List.of(), List.of(), List.of(), false, 0, command.nonce());
        state.append(message);
        if (command.nonce() != null) nonces.remember(command.channelId(), command.actorId(), command.nonce(), id, at);
        return Outcome.accepted(command, List.of(new MessageCreated(command.requestId(), guild.id(), message)), message);
    }

    Outcome<GuildEvent> delete(DeleteMessage command) {
        Outcome<GuildEvent> refused = Guard.member(state, command);
        Guild guild = state.guild(command.guildId());
        if (refused == null) refused = Guard.channel(guild, command, command.channelId());
        if (refused != null) return refused;
        Message message = state.message(command.channelId(), command.messageId());
        if (message == null) {
            return Outcome.rejected(command, Rejection.UNKNOWN_MESSAGE, null,
                    "unknown message " + command.messageId() + " in channel " + command.channelId());
        }
        if (message.author().id() != command.actorId() && guild.ownerId() != command.actorId()) {
            return Outcome.rejected(command, Rejection.MISSING_PERMISSIONS, null,
                    "only the author or the owner may delete message " + command.messageId());
        }
        state.removeMessage(command.channelId(), command.messageId());
        return Outcome.accepted(command, List.of(new MessageDeleted(command.requestId(), guild.id(),
                command.channelId(), command.messageId())), null);
    }

    Outcome<GuildEvent> typing(TriggerTyping command, Instant at) {
        Outcome<GuildEvent> refused = Guard.member(state, command);
        Guild guild = state.guild(command.guildId());
        if (refused == null) refused = Guard.textChannel(guild, command, command.channelId());
        if (refused != null) return refused;
        Member member = state.member(guild.id(), command.actorId());
        return Outcome.accepted(command, List.of(new TypingStarted(command.requestId(), guild.id(), command.channelId(),
                command.actorId(), at.getEpochSecond(), member)), null);
    }

    private static Outcome<GuildEvent> idTaken(CreateMessage command) {
        return Outcome.rejected(command, Rejection.INTERNAL_ERROR, null, "message id " + command.messageId()
                + " is another message's: the gateways' gateway.worker-id must be distinct");
    }

    /** The members named in {@code content} as {@code <@id>} or {@code <@!id>}, once each, in order. */
    private List<User> mentions(long guildId, String content) {
        Set<Long> ids = new LinkedHashSet<>();
        Matcher matcher = USER_MENTION.matcher(content);
        while (matcher.find()) {
            try {
                ids.add(Long.parseLong(matcher.group(1)));
            } catch (NumberFormatException e) {
                // not an id
            }
        }
        List<User> users = new ArrayList<>();
        for (long id : ids) {
            Member member = state.member(guildId, id);
            if (member != null) users.add(member.user());
        }
        return users;
    }
}
