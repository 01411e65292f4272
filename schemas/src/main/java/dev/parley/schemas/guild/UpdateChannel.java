package dev.parley.schemas.guild;

import dev.parley.schemas.json.SnowflakeId;

/**
 * Change a channel (owner only); a null field keeps its value.
 *
 * @param clearParent true to move the channel out of its category (then {@code parentId} is ignored)
 */
public record UpdateChannel(String requestId, String replyTo, @SnowflakeId long guildId, @SnowflakeId long actorId,
                            @SnowflakeId long channelId, String name, String topic, @SnowflakeId Long parentId,
                            boolean clearParent, Integer position) implements GuildCommand {
}
