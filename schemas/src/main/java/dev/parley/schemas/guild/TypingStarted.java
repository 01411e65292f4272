package dev.parley.schemas.guild;

import dev.parley.schemas.json.SnowflakeId;

/**
 * A member started typing.
 *
 * @param timestamp seconds since the epoch, as Discord sends it
 */
public record TypingStarted(String requestId, @SnowflakeId long guildId, @SnowflakeId long channelId,
                            @SnowflakeId long userId, long timestamp, Member member) implements GuildEvent {

    @Override
    public String dispatchType() {
        return "TYPING_START";
    }
}
