package dev.parley.schemas.guild;

import dev.parley.schemas.json.SnowflakeId;

/**
 * A guild role in Discord's shape. The {@code @everyone} role's id is the guild's id.
 *
 * @param permissions Discord's permission bit set, as a decimal string
 */
public record Role(@SnowflakeId long id, String name, int color, boolean hoist, int position, String permissions,
                   boolean managed, boolean mentionable) {

    /** Discord's default permissions of {@code @everyone}: view, send, read history, add reactions and the like. */
    public static final String EVERYONE_PERMISSIONS = "1071698660929";

    public static Role everyone(long guildId) {
        return new Role(guildId, "@everyone", 0, false, 0, EVERYONE_PERMISSIONS, false, false);
    }
}
