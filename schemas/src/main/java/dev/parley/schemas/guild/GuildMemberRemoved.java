package dev.parley.schemas.guild;

import dev.parley.schemas.json.SnowflakeId;

/** {@code user} left, or was kicked ({@code kicked}); their sessions get GUILD_DELETE, other members this. */
public record GuildMemberRemoved(String requestId, @SnowflakeId long guildId, User user, boolean kicked)
        implements GuildEvent {

    @Override
    public String dispatchType() {
        return "GUILD_MEMBER_REMOVE";
    }
}
