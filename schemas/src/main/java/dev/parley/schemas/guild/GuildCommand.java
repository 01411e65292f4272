package dev.parley.schemas.guild;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;

/**
 * What a user asks of a guild, keyed by guild id on {@code guild-commands}. The guild state app validates each
 * command against the guild's state and answers with events (or one {@link CommandRejected}) carrying the same
 * {@link #requestId()}.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({
        @JsonSubTypes.Type(value = CreateGuild.class, name = "CREATE_GUILD"),
})
public sealed interface GuildCommand permits CreateGuild {

    /** Unique per command; correlates the guild app's answer with the request. */
    String requestId();

    /** The guild, which is also the record key. */
    long guildId();

    /** The user asking. */
    long actorId();
}
