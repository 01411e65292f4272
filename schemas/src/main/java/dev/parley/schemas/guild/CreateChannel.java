package dev.parley.schemas.guild;

import dev.parley.schemas.json.SnowflakeId;

/**
 * Create a channel (owner only). The gateway chose {@code channelId} (naming the guild's partition), so the command,
 * processed again, creates the same channel.
 *
 * @param channelType {@link Channel#GUILD_TEXT}, {@link Channel#GUILD_VOICE} or {@link Channel#GUILD_CATEGORY}
 * @param parentId a category of this guild, or null
 * @param topic    a text channel's topic, or null
 */
public record CreateChannel(String requestId, String replyTo, @SnowflakeId long guildId, @SnowflakeId long actorId,
                            @SnowflakeId long channelId, String name, int channelType, @SnowflakeId Long parentId, String topic) implements GuildCommand {
}
