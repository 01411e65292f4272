package dev.parley.schemas.guild;

import dev.parley.schemas.json.SnowflakeId;

/**
 * The user state app tells a guild that its member's profile changed; the guild app updates the member and
 * announces GUILD_MEMBER_UPDATE. Nothing happens when the user is not (or no longer) a member.
 */
public record SyncMemberUser(String requestId, String replyTo, @SnowflakeId long guildId, User user)
        implements GuildCommand {

    @Override
    public long actorId() {
        return user.id();
    }
}
