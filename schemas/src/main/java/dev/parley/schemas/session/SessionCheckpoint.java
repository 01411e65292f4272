package dev.parley.schemas.session;

import dev.parley.schemas.json.SnowflakeId;

import java.util.List;

/**
 * What a Gateway session needs to be rebuilt on another gateway, on {@code session-checkpoints} (keyed and compacted
 * by session id): who it is and what it asked for at IDENTIFY, the guilds it receives, and a resume point: the last
 * sequence number it had given, {@code sequence}, and for each partition its dispatches come from, the offset of the
 * first record not yet turned into dispatches at that point. Replaying those partitions from those offsets, numbering
 * from {@code sequence + 1}, yields what the session was handed after it.
 *
 * @param gatewayId       the gateway that held the session when this was written
 * @param tokenGeneration the generation of the token that identified the session (a revocation past it ends it)
 * @param guildIds        the guilds the session receives, in id order
 * @param keptBack        whether the session held dispatches back at the resume point (its client's queue was
 *                        congested): they are sent later, numbered after it, out of their records' order
 * @param at              when this was written, ms since the epoch by the gateway's clock
 * @param journalRun      the run of the gateway ({@link GatewayHeartbeat#startedAt}) whose {@code fanout-journal}
 *                        tells the order of what followed the resume point (0: none)
 * @param journalPoll     the last of that run's polls ({@link FanoutJournalEntry#poll}) routed at the resume point
 */
public record SessionCheckpoint(String sessionId, @SnowflakeId long userId, String gatewayId, long intents, int shardId,
                                int shardCount, int largeThreshold, ClientProperties properties, long tokenGeneration,
                                List<Long> guildIds, long sequence, boolean keptBack, List<Position> positions, long at,
                                long journalRun, long journalPoll) {

    public SessionCheckpoint {
        guildIds = List.copyOf(guildIds);
        positions = List.copyOf(positions);
    }

    /** The offset of the first record of {@code topic}'s {@code partition} not turned into dispatches yet. */
    public record Position(String topic, int partition, long offset) {
    }
}
