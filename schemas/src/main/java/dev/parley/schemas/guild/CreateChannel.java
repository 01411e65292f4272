package dev.parley.schemas.guild;

import dev.parley.schemas.json.SnowflakeId;

/**
 * Create a channel (owner only); the guild app gives it its id.
 *
 * @param channelType {@link Channel#GUILD_TEXT}, {@link Channel#GUILD_VOICE} or {@link Channel#GUILD_CATEGORY}
 * @param parentId a category of this guild, or null
 * @param topic    a text channel's topic, or null
 */
public record CreateChannel(String requestId, String replyTo, @SnowflakeId long guildId, @SnowflakeId long actorId,
                            String name, int channelType, @SnowflakeId Long parentId, String topic) implements GuildCommand {
}
