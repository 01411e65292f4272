package dev.parley.schemas.reply;

/**
 * Why a state app refused a command, with the HTTP status and Discord JSON error code the REST API answers.
 * Discord's codes: https://discord.com/developers/docs/topics/opcodes-and-status-codes#json.
 */
public enum Rejection {
    UNKNOWN_GUILD(404, 10004),
    UNKNOWN_CHANNEL(404, 10003),
    UNKNOWN_MEMBER(404, 10007),
    UNKNOWN_MESSAGE(404, 10008),
    UNKNOWN_USER(404, 10013),
    /** The guild id is already taken (a retried create is answered as the original, not with this). */
    GUILD_EXISTS(400, 50035),
    MISSING_ACCESS(403, 50001),
    MISSING_PERMISSIONS(403, 50013),
    INVALID_FORM_BODY(400, 50035),
    /** The channel exists but does not take this action (e.g. a message posted to a voice channel). */
    WRONG_CHANNEL_TYPE(400, 50024),
    /** A message with no content (nothing but whitespace). */
    EMPTY_MESSAGE(400, 50006),
    /** The guild has {@code guild.max-channels} channels already. */
    MAX_CHANNELS(400, 30013),
    /** The user is in {@code gateway.max-guilds-per-user} guilds already. */
    MAX_GUILDS(400, 30001),
    /** The change would make the guild's state record larger than {@code guild.state-record-max-bytes}. */
    GUILD_TOO_LARGE(400, 50035),
    /**
     * The command arrived after its deadline ({@link dev.parley.schemas.CommandHeaders#EXPIRES_AT}): it was not
     * applied, and the asking gateway has answered (or now answers) 503.
     */
    EXPIRED(503, 0),
    /**
     * The state app could not process the command (it went to the dead-letter topic), or the command brought the id of
     * another object. It was not applied as a whole: under at-least-once the stores are not transactional, so changes
     * made before the failure may remain.
     */
    INTERNAL_ERROR(500, 0);

    private final int httpStatus;
    private final int discordCode;

    Rejection(int httpStatus, int discordCode) {
        this.httpStatus = httpStatus;
        this.discordCode = discordCode;
    }

    public int httpStatus() {
        return httpStatus;
    }

    public int discordCode() {
        return discordCode;
    }
}
