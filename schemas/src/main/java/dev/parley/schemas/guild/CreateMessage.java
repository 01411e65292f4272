package dev.parley.schemas.guild;

import dev.parley.schemas.json.SnowflakeId;

/** {@code author}, a member, posts {@code content} (1-2000 characters) to a text channel; the guild app gives the id. */
public record CreateMessage(String requestId, String replyTo, @SnowflakeId long guildId, User author,
                            @SnowflakeId long channelId, String content, String nonce, boolean tts)
        implements GuildCommand {

    @Override
    public long actorId() {
        return author.id();
    }
}
