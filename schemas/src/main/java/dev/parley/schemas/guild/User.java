package dev.parley.schemas.guild;

import dev.parley.schemas.json.SnowflakeId;

/**
 * A user as Discord shapes it inside members, messages and READY.
 *
 * @param discriminator always {@code "0"} (Discord's unique-username era)
 * @param globalName    display name, or null
 * @param avatar        avatar hash, or null
 */
public record User(@SnowflakeId long id, String username, String globalName, String discriminator, String avatar,
                   boolean bot) {

    public static User of(long id, String username, boolean bot) {
        return new User(id, username, null, "0", null, bot);
    }
}
