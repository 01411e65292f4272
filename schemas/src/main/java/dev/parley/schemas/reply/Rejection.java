package dev.parley.schemas.reply;

/**
 * Why the guild app refused a command, with the HTTP status and Discord JSON error code the REST API answers.
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
    WRONG_CHANNEL_TYPE(400, 50024);

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
