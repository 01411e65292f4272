package dev.parley.schemas.guild;

import dev.parley.schemas.json.SnowflakeId;

/**
 * A member posts {@code content} (at most {@link Message#MAX_CONTENT} characters, as stored) to a text channel; the
 * guild app takes the author from the member it stores. The gateway chose {@code messageId}, so the command, processed
 * again, creates the same message once.
 *
 * @param nonce        the client's nonce (at most {@link Message#MAX_NONCE} characters), echoed back, or null
 * @param enforceNonce when true, a message the same author posted to the channel with the same nonce within
 *                     {@code guild.nonce-window} is answered instead of creating another (Discord's {@code enforce_nonce})
 */
public record CreateMessage(String requestId, String replyTo, @SnowflakeId long guildId, @SnowflakeId long actorId,
                            @SnowflakeId long channelId, @SnowflakeId long messageId, String content, String nonce,
                            boolean tts, boolean enforceNonce) implements GuildCommand {
}
