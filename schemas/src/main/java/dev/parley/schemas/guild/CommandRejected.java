package dev.parley.schemas.guild;

import dev.parley.schemas.json.SnowflakeId;

/**
 * The guild app refused a command; nothing changed. Only the requester sees it.
 *
 * @param reason  why, with the HTTP status and Discord error code the REST API answers
 * @param field   the request field that was invalid, or null
 * @param message a sentence naming what was wrong and with which value
 */
public record CommandRejected(String requestId, @SnowflakeId long guildId, Rejection reason, String field,
                              String message) implements GuildEvent {

    @Override
    public String dispatchType() {
        return null;
    }
}
