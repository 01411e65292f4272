package dev.parley.schemas.guild;

import dev.parley.schemas.json.SnowflakeId;

/** A member started typing in a text channel. */
public record TriggerTyping(String requestId, String replyTo, @SnowflakeId long guildId, @SnowflakeId long actorId,
                            @SnowflakeId long channelId) implements GuildCommand {
}
