package dev.parley.schemas.guild;

import dev.parley.schemas.json.SnowflakeId;

/** A guild was created; {@code owner} is its first and only member. */
public record GuildCreated(String requestId, @SnowflakeId long guildId, Guild guild, Member owner)
        implements GuildEvent {

    @Override
    public String dispatchType() {
        return "GUILD_CREATE";
    }
}
