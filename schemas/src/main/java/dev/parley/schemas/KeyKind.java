package dev.parley.schemas;

/** What a topic's key identifies, and therefore which records share a partition. */
public enum KeyKind {
    /** Key is a guild id: partition {@link Partitioning#guildPartition(long)} of every guild-keyed topic holds the same guilds. */
    GUILD,
    /** Key is a user id. */
    USER,
    /** Key is a gateway id (a string). */
    GATEWAY,
    /**
     * Key is a Gateway session id (a string), and a record is written to its user's partition (explicitly), so that
     * a session's records live with its user's: found from the user id, as in every user-keyed topic.
     */
    SESSION,
    /**
     * Key is that of another record, unchanged (a guild, user or gateway id): dead letters, which thereby share the
     * partition of their guild or user when their topic has the same partition count.
     */
    SOURCE
}
