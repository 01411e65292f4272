package dev.parley.schemas.guild;

import dev.parley.schemas.json.SnowflakeId;

import java.util.List;

/**
 * A guild's own state (without members, which are kept per member): what GUILD_CREATE and GUILD_UPDATE carry.
 *
 * @param icon        icon hash, or null
 * @param memberCount how many members it has
 */
public record Guild(@SnowflakeId long id, String name, String icon, @SnowflakeId long ownerId, List<Role> roles,
                    List<Channel> channels, int memberCount) {

    public Guild {
        roles = List.copyOf(roles);
        channels = List.copyOf(channels);
    }

    /** The channel with this id, or null. */
    public Channel channel(long channelId) {
        for (Channel channel : channels) {
            if (channel.id() == channelId) return channel;
        }
        return null;
    }

    public Guild withChannels(List<Channel> channels) {
        return new Guild(id, name, icon, ownerId, roles, channels, memberCount);
    }

    public Guild withMemberCount(int memberCount) {
        return new Guild(id, name, icon, ownerId, roles, channels, memberCount);
    }

    public Guild withNameAndIcon(String name, String icon) {
        return new Guild(id, name, icon, ownerId, roles, channels, memberCount);
    }
}
