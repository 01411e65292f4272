package dev.parley.schemas.guild;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;

/**
 * What happened in a guild, keyed by guild id on {@code guild-events}, in the order the guild app decided it.
 * Gateways turn each event into the Discord dispatch its {@link #dispatchType()} names.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({
        @JsonSubTypes.Type(value = GuildCreated.class, name = "GUILD_CREATE"),
        @JsonSubTypes.Type(value = GuildUpdated.class, name = "GUILD_UPDATE"),
        @JsonSubTypes.Type(value = ChannelCreated.class, name = "CHANNEL_CREATE"),
        @JsonSubTypes.Type(value = ChannelUpdated.class, name = "CHANNEL_UPDATE"),
        @JsonSubTypes.Type(value = ChannelDeleted.class, name = "CHANNEL_DELETE"),
        @JsonSubTypes.Type(value = GuildMemberAdded.class, name = "GUILD_MEMBER_ADD"),
        @JsonSubTypes.Type(value = GuildMemberRemoved.class, name = "GUILD_MEMBER_REMOVE"),
        @JsonSubTypes.Type(value = GuildMemberUpdated.class, name = "GUILD_MEMBER_UPDATE"),
        @JsonSubTypes.Type(value = MessageCreated.class, name = "MESSAGE_CREATE"),
        @JsonSubTypes.Type(value = MessageDeleted.class, name = "MESSAGE_DELETE"),
        @JsonSubTypes.Type(value = TypingStarted.class, name = "TYPING_START"),
})
public sealed interface GuildEvent
        permits GuildCreated, GuildUpdated, ChannelCreated, ChannelUpdated, ChannelDeleted, GuildMemberAdded,
        GuildMemberRemoved, GuildMemberUpdated, MessageCreated, MessageDeleted, TypingStarted {

    /** The guild, which is also the record key. */
    long guildId();

    /** The command that caused this event, or null for events no request waits for. */
    String requestId();

    /** The Discord dispatch name ({@code t}) this event becomes. */
    String dispatchType();
}
