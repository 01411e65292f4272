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
     * Key is that of another record, unchanged (a guild, user or gateway id): dead letters, which thereby share the
     * partition of their guild or user when their topic has the same partition count.
     */
    SOURCE
}
