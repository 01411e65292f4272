package dev.parley.streams.guild;

/**
 * Names of the guild state app's stores; each also names its changelog topic. Every store is partitioned by guild
 * and belongs to the task owning the guild's partition.
 */
public final class GuildStores {
    /** Guild id → {@link dev.parley.schemas.guild.Guild} (channels, roles, member count). */
    public static final String GUILDS = "guilds";
    /** (guild id, user id) → {@link dev.parley.schemas.guild.Member}; see {@link Keys}. */
    public static final String MEMBERS = "guild-members";
    /** (channel id, message id) → {@link dev.parley.schemas.guild.Message}: each channel's recent history. */
    public static final String MESSAGES = "channel-messages";
    /** Channel id → how many messages {@link #MESSAGES} holds for it. */
    public static final String HISTORY_SIZES = "channel-history-sizes";
    /**
     * Channel id → the id of its oldest message kept in {@link #MESSAGES} (or a little older, once that one was
     * deleted), where trimming the history starts reading, instead of at the start of the channel's range, which
     * RocksDB would walk through every tombstone the trimming left.
     */
    public static final String HISTORY_FLOORS = "channel-history-floors";
    /**
     * (channel id, author id, nonce) → message id of recent posts, a window store kept for {@code guild.nonce-window}:
     * what Discord's {@code enforce_nonce} answers a repeated post with.
     */
    public static final String MESSAGE_NONCES = "message-nonces";
    /**
     * Channel id → guild id, for the channels of this task's guilds. A channel's id is made by the task owning its
     * guild, so its snowflake names the partition ({@link dev.parley.schemas.ids.Snowflake#appPartition}) where
     * this entry lives, written in the same step as the channel itself.
     */
    public static final String CHANNEL_GUILDS = "channel-guilds";

    /** (guild id, user id) → {@link dev.parley.schemas.presence.PresenceUpdate} of each online member. */
    public static final String PRESENCES = "guild-presences";

    private GuildStores() {
    }
}
