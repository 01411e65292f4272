package dev.parley.schemas.guild;

import dev.parley.schemas.json.SnowflakeId;

/**
 * A guild channel in Discord's shape.
 *
 * @param type     {@link #GUILD_TEXT}, {@link #GUILD_VOICE} or {@link #GUILD_CATEGORY}
 * @param parentId the category holding it, or null
 * @param topic    text channels' topic, or null
 */
public record Channel(@SnowflakeId long id, int type, @SnowflakeId long guildId, String name, int position,
                      @SnowflakeId Long parentId, String topic) {
    public static final int GUILD_TEXT = 0;
    public static final int GUILD_VOICE = 2;
    public static final int GUILD_CATEGORY = 4;

    /** Whether messages can be posted here. */
    public boolean takesText() {
        return type == GUILD_TEXT;
    }
}
