package dev.parley.schemas.guild;

import dev.parley.schemas.json.SnowflakeId;

/** A message was posted. */
public record MessageCreated(String requestId, @SnowflakeId long guildId, Message message) implements GuildEvent {

    @Override
    public String dispatchType() {
        return "MESSAGE_CREATE";
    }
}
