package dev.parley.schemas.guild;

import dev.parley.schemas.json.SnowflakeId;

/** A member changed (their user's profile, for now); {@code member} is its new state. */
public record GuildMemberUpdated(String requestId, @SnowflakeId long guildId, Member member) implements GuildEvent {

    @Override
    public String dispatchType() {
        return "GUILD_MEMBER_UPDATE";
    }
}
