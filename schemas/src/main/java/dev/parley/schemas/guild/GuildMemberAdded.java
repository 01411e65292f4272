package dev.parley.schemas.guild;

import dev.parley.schemas.json.SnowflakeId;

/**
 * {@code member} joined. {@code guild} is the guild's state after the join (without members), from which the
 * joiner's gateways build its GUILD_CREATE.
 */
public record GuildMemberAdded(String requestId, @SnowflakeId long guildId, Member member, Guild guild)
        implements GuildEvent {

    @Override
    public String dispatchType() {
        return "GUILD_MEMBER_ADD";
    }
}
