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
})
public sealed interface GuildCommand extends Command permits CreateGuild {

    /** The guild, which is also the record key. */
    long guildId();

    /** The user asking. */
    long actorId();
}
