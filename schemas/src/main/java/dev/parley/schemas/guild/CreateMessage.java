package dev.parley.schemas.guild;

import dev.parley.schemas.json.SnowflakeId;

/**
 * A member posts {@code content} (1-2000 characters) to a text channel; the guild app gives the id and takes the
 * author from the member it stores.
 */
public record CreateMessage(String requestId, String replyTo, @SnowflakeId long guildId, @SnowflakeId long actorId,
                            @SnowflakeId long channelId, String content, String nonce, boolean tts)
        implements GuildCommand {
}
