package dev.parley.schemas.guild;

import dev.parley.schemas.json.SnowflakeId;

import java.util.List;

/**
 * A guild's own state (without members, which are kept per member): what GUILD_CREATE and GUILD_UPDATE carry.
 *
 * @param icon icon hash, or null
 */
public record Guild(@SnowflakeId long id, String name, String icon, @SnowflakeId long ownerId, List<Role> roles,
                    List<Channel> channels) {

    public Guild {
        roles = List.copyOf(roles);
        channels = List.copyOf(channels);
    }
}
