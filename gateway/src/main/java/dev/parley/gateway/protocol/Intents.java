package dev.parley.gateway.protocol;

import java.util.Locale;

/** Discord's gateway intents: which bit asks for which events, and which of them are privileged. */
public final class Intents {
    public static final long GUILDS = 1L;
    public static final long GUILD_MEMBERS = 1L << 1;
    public static final long GUILD_MODERATION = 1L << 2;
    public static final long GUILD_EXPRESSIONS = 1L << 3;
    public static final long GUILD_INTEGRATIONS = 1L << 4;
    public static final long GUILD_WEBHOOKS = 1L << 5;
    public static final long GUILD_INVITES = 1L << 6;
    public static final long GUILD_VOICE_STATES = 1L << 7;
    public static final long GUILD_PRESENCES = 1L << 8;
    public static final long GUILD_MESSAGES = 1L << 9;
    public static final long GUILD_MESSAGE_REACTIONS = 1L << 10;
    public static final long GUILD_MESSAGE_TYPING = 1L << 11;
    public static final long DIRECT_MESSAGES = 1L << 12;
    public static final long DIRECT_MESSAGE_REACTIONS = 1L << 13;
    public static final long DIRECT_MESSAGE_TYPING = 1L << 14;
    public static final long MESSAGE_CONTENT = 1L << 15;
    public static final long GUILD_SCHEDULED_EVENTS = 1L << 16;
    public static final long AUTO_MODERATION_CONFIGURATION = 1L << 20;
    public static final long AUTO_MODERATION_EXECUTION = 1L << 21;
    public static final long GUILD_MESSAGE_POLLS = 1L << 24;
    public static final long DIRECT_MESSAGE_POLLS = 1L << 25;

    /** Every bit Discord defines; IDENTIFY with any other bit closes 4013. */
    public static final long DEFINED = GUILDS | GUILD_MEMBERS | GUILD_MODERATION | GUILD_EXPRESSIONS
            | GUILD_INTEGRATIONS | GUILD_WEBHOOKS | GUILD_INVITES | GUILD_VOICE_STATES | GUILD_PRESENCES
            | GUILD_MESSAGES | GUILD_MESSAGE_REACTIONS | GUILD_MESSAGE_TYPING | DIRECT_MESSAGES
            | DIRECT_MESSAGE_REACTIONS | DIRECT_MESSAGE_TYPING | MESSAGE_CONTENT | GUILD_SCHEDULED_EVENTS
            | AUTO_MODERATION_CONFIGURATION | AUTO_MODERATION_EXECUTION | GUILD_MESSAGE_POLLS | DIRECT_MESSAGE_POLLS;

    /** Intents a user must be granted (configuration) before IDENTIFY may ask for them, else 4014. */
    public static final long PRIVILEGED = GUILD_MEMBERS | GUILD_PRESENCES | MESSAGE_CONTENT;

    private Intents() {
    }

    /**
     * Parses a list like {@code GUILD_MEMBERS,MESSAGE_CONTENT} (or {@code all}, or empty) into bits.
     *
     * @throws IllegalArgumentException naming an unknown intent
     */
    public static long parse(String names) {
        long bits = 0;
        for (String raw : names.split("[,+|\\s]+")) {
            String name = raw.strip().toUpperCase(Locale.ROOT);
            if (name.isEmpty()) continue;
            if (name.equals("ALL")) {
                bits |= DEFINED;
                continue;
            }
            if (name.equals("DEFINED") || name.equals("PRIVILEGED")) throw new IllegalArgumentException("unknown intent: " + raw);
            try {
                bits |= Intents.class.getField(name).getLong(null);
            } catch (ReflectiveOperationException e) {
                throw new IllegalArgumentException("unknown intent: " + raw.strip());
            }
        }
        return bits;
    }
}
