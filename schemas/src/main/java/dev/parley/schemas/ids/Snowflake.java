package dev.parley.schemas.ids;

import java.time.Instant;

/**
 * Discord's 64-bit id layout: {@code (ms since 2015-01-01) << 22 | worker << 17 | process << 12 | increment}.
 * Ids sort by creation time, which is what paging ({@code before}/{@code after}) and the partitioning of
 * guilds rely on.
 *
 * <p>Every id is made by a gateway, when it writes the command that creates the object, so that a command
 * processed twice (at-least-once) creates the same object with the same id. Two layouts keep ids unique:
 * <ul>
 *   <li>guild and user ids: worker {@code 0..}{@link #MAX_GATEWAY_WORKER} (the gateway's configured
 *       {@code gateway.worker-id}), process 0, a 12-bit increment ({@link SnowflakeGenerator});</li>
 *   <li>ids of a guild's objects (channels, messages): worker {@link #FIRST_APP_WORKER}{@code + (p >> 5)} and process
 *       {@code p & 31} name the guild's partition {@code p} ({@link #appPartition}), and the increment holds the
 *       making gateway's worker in its top four bits and an 8-bit count ({@link GuildObjectIdGenerator}).</li>
 * </ul>
 */
public final class Snowflake {
    /** 2015-01-01T00:00:00Z, Discord's epoch. */
    public static final long EPOCH_MILLIS = 1_420_070_400_000L;
    public static final int MAX_WORKER = 31;
    public static final int MAX_PROCESS = 31;
    public static final int MAX_INCREMENT = 4095;
    public static final int MAX_GATEWAY_WORKER = 15;
    public static final int FIRST_APP_WORKER = 16;
    /** Partitions a guild object id can name (worker and process bits above {@link #FIRST_APP_WORKER}). */
    public static final int MAX_PARTITIONS = 512;

    private Snowflake() {
    }

    public static long of(long epochMillis, int worker, int process, int increment) {
        return (epochMillis - EPOCH_MILLIS) << 22 | (long) worker << 17 | (long) process << 12 | increment;
    }

    public static Instant timestamp(long id) {
        return Instant.ofEpochMilli((id >>> 22) + EPOCH_MILLIS);
    }

    public static int worker(long id) {
        return (int) (id >>> 17) & MAX_WORKER;
    }

    public static int process(long id) {
        return (int) (id >>> 12) & MAX_PROCESS;
    }

    /**
     * The guild partition a channel or message id names, read from its worker and process bits; -1 for an id of
     * another layout (a guild or user id).
     */
    public static int appPartition(long id) {
        int worker = worker(id);
        if (worker < FIRST_APP_WORKER) return -1;
        return (worker - FIRST_APP_WORKER) << 5 | process(id);
    }

    /** The smallest id created at {@code instant}: the bound for "messages before/after this time". */
    public static long firstAt(Instant instant) {
        return (instant.toEpochMilli() - EPOCH_MILLIS) << 22;
    }
}
