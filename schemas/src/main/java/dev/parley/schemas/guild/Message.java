package dev.parley.schemas.guild;

import dev.parley.schemas.json.SnowflakeId;

import java.util.List;

/**
 * A guild text message in Discord's shape (type 0, no attachments or embeds yet).
 *
 * @param timestamp ISO-8601 instant of creation
 * @param mentions  users named in {@code content} as {@code <@id>} who are members
 * @param nonce     the client's nonce, echoed back, or null
 */
public record Message(@SnowflakeId long id, @SnowflakeId long channelId, @SnowflakeId long guildId, User author,
                      PartialMember member, String content, String timestamp, String editedTimestamp, boolean tts,
                      boolean mentionEveryone, List<User> mentions, List<String> mentionRoles,
                      List<Object> attachments, List<Object> embeds, boolean pinned, int type, String nonce) {
    /** Discord's limit on {@code content}, in UTF-16 code units of the content as stored. */
    public static final int MAX_CONTENT = 2000;
    /** Discord's limit on {@code nonce}, in characters. */
    public static final int MAX_NONCE = 25;

    public Message {
        mentions = List.copyOf(mentions);
        mentionRoles = List.copyOf(mentionRoles);
        attachments = List.copyOf(attachments);
        embeds = List.copyOf(embeds);
    }

    /** Whether {@code userId} wrote this message or is mentioned in it: they see its content without MESSAGE_CONTENT. */
    public boolean concerns(long userId) {
        if (author.id() == userId) return true;
        for (User user : mentions) {
            if (user.id() == userId) return true;
        }
        return false;
    }

    /** This message as a session without the MESSAGE_CONTENT intent sees it. */
    public Message withoutContent() {
        return new Message(id, channelId, guildId, author, member, "", timestamp, editedTimestamp, tts, mentionEveryone,
                mentions, mentionRoles, List.of(), List.of(), pinned, type, nonce);
    }
}
