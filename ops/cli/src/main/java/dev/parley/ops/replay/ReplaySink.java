package dev.parley.ops.replay;



/**
 * Where {@link GuildReplay} puts the records it matched, in the order it read them. Called from the replay's
 * thread only.
 */
interface ReplaySink extends AutoCloseable {

    void write(ReplayedEvent event);

    /** Makes everything written so far visible (printed, or acknowledged by the cluster). */
    void flush();

    /** Flushes, then releases what the sink owns. */
    @Override
    void close();
}
