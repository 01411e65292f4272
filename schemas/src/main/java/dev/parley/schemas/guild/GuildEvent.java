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
})
public sealed interface GuildEvent permits GuildCreated {

    /** The guild, which is also the record key. */
    long guildId();

    /** The command that caused this event, or null for events no request waits for. */
    String requestId();

    /** The Discord dispatch name ({@code t}) this event becomes. */
    String dispatchType();
}
