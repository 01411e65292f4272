package dev.parley.schemas.ids;

import java.time.Instant;

/**
 * Discord's 64-bit id layout: {@code (ms since 2015-01-01) << 22 | worker << 17 | process << 12 | increment}.
 * Ids sort by creation time, which is what paging ({@code before}/{@code after}) and the partitioning of
 * guilds rely on.
 *
 * <p>Who makes ids, so that no two makers share a (worker, process) pair: gateways use workers
 * {@code 0..}{@link #MAX_GATEWAY_WORKER} (their configured {@code gateway.worker-id}, process 0) for guild and
 * user ids; the guild state app uses workers from {@link #FIRST_APP_WORKER}, with the worker and process bits
 * holding the partition of the task that makes the id (channel and message ids).
 */
public final class Snowflake {
    /** 2015-01-01T00:00:00Z, Discord's epoch. */
    public static final long EPOCH_MILLIS = 1_420_070_400_000L;
    public static final int MAX_WORKER = 31;
    public static final int MAX_PROCESS = 31;
    public static final int MAX_INCREMENT = 4095;
    public static final int MAX_GATEWAY_WORKER = 15;
    public static final int FIRST_APP_WORKER = 16;

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
     * The partition of the guild state task that made {@code id} (a channel or message id), read from its worker
     * and process bits; -1 for an id no guild task made.
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
