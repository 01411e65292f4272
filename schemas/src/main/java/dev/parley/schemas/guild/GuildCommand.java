package dev.parley.schemas.guild;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import dev.parley.schemas.Command;

/**
 * What a user asks of a guild, keyed by guild id on {@code guild-commands}. The guild state app validates each
 * command against the guild's state, writes the events it causes to {@code guild-events}, and answers
 * {@link #replyTo()} with a {@link dev.parley.schemas.reply.CommandReply}.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({
        @JsonSubTypes.Type(value = CreateGuild.class, name = "CREATE_GUILD"),
        @JsonSubTypes.Type(value = UpdateGuild.class, name = "UPDATE_GUILD"),
        @JsonSubTypes.Type(value = CreateChannel.class, name = "CREATE_CHANNEL"),
        @JsonSubTypes.Type(value = UpdateChannel.class, name = "UPDATE_CHANNEL"),
        @JsonSubTypes.Type(value = DeleteChannel.class, name = "DELETE_CHANNEL"),
        @JsonSubTypes.Type(value = AddMember.class, name = "ADD_MEMBER"),
        @JsonSubTypes.Type(value = RemoveMember.class, name = "REMOVE_MEMBER"),
        @JsonSubTypes.Type(value = CreateMessage.class, name = "CREATE_MESSAGE"),
        @JsonSubTypes.Type(value = DeleteMessage.class, name = "DELETE_MESSAGE"),
        @JsonSubTypes.Type(value = TriggerTyping.class, name = "TRIGGER_TYPING"),
        @JsonSubTypes.Type(value = SyncMemberUser.class, name = "SYNC_MEMBER_USER"),
})
public sealed interface GuildCommand extends Command
        permits CreateGuild, UpdateGuild, CreateChannel, UpdateChannel, DeleteChannel, AddMember, RemoveMember,
        CreateMessage, DeleteMessage, TriggerTyping, SyncMemberUser {

    /** The guild, which is also the record key. */
    long guildId();

    /** The user asking. */
    long actorId();
}
