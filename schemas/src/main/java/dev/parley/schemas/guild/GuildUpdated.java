package dev.parley.schemas.guild;

import dev.parley.schemas.json.SnowflakeId;

/** The guild's name or icon changed; {@code guild} is its new state. */
public record GuildUpdated(String requestId, @SnowflakeId long guildId, Guild guild) implements GuildEvent {

    @Override
    public String dispatchType() {
        return "GUILD_UPDATE";
    }
}
