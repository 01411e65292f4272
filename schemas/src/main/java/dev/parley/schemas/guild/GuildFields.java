package dev.parley.schemas.guild;

import java.util.regex.Pattern;

/**
 * The size rules of what users write into a guild, in one place: the gateway checks them before it produces a
 * command (so an oversized request never reaches Kafka) and the guild app again before it applies one. Each check
 * returns null when the value is acceptable, else a sentence naming the field, the limit and the size found. Values are
 * measured as they are stored: names stripped of surrounding white space (and stored so), topics and message content
 * exactly as given, in UTF-16 code units (what Discord's clients count).
 */
public final class GuildFields {
    public static final int GUILD_NAME_MIN = 2;
    public static final int GUILD_NAME_MAX = 100;
    public static final int CHANNEL_NAME_MAX = 100;
    public static final int TOPIC_MAX = 1024;
    private static final Pattern IMAGE_HASH = Pattern.compile("(a_)?[0-9a-f]{32}");

    private GuildFields() {
    }

    /** A guild's name as stored: stripped. */
    public static String guildName(String name) {
        return length("name", name == null ? null : name.strip(), GUILD_NAME_MIN, GUILD_NAME_MAX);
    }

    /** A channel's name as stored: stripped. */
    public static String channelName(String name) {
        return length("name", name == null ? null : name.strip(), 1, CHANNEL_NAME_MAX);
    }

    /** A channel topic, stored as given; null (none) is fine. */
    public static String topic(String topic) {
        return topic == null ? null : length("topic", topic, 0, TOPIC_MAX);
    }

    /** A message's content, stored as given: at most {@link Message#MAX_CONTENT}. Blankness is {@link #blank}'s. */
    public static String content(String content) {
        return content == null ? null : length("content", content, 0, Message.MAX_CONTENT);
    }

    /** Whether content has nothing to show (Discord refuses such a message with 50006). */
    public static boolean blank(String content) {
        return content == null || content.isBlank();
    }

    /** A message nonce: at most {@link Message#MAX_NONCE} characters; null (none) is fine. */
    public static String nonce(String nonce) {
        return nonce == null ? null : length("nonce", nonce, 1, Message.MAX_NONCE);
    }

    /** A guild icon as stored: an image hash (32 hex digits, {@code a_} first when animated); null (none) is fine. */
    public static String iconHash(String icon) {
        if (icon == null || IMAGE_HASH.matcher(icon).matches()) return null;
        return "icon must be an image hash (32 hex digits, 'a_' first when animated) or image data, got "
                + icon.length() + " characters";
    }

    private static String length(String field, String value, int min, int max) {
        int length = value == null ? 0 : value.length();
        if (length >= min && length <= max) return null;
        return field + " must be " + min + "-" + max + " characters, got " + length;
    }
}
