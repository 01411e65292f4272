package dev.parley.schemas.ids;

import java.util.function.LongSupplier;

/**
 * Makes the ids of a guild's channels and messages on one gateway. Each id names its guild's partition in its worker
 * and process bits ({@link Snowflake#appPartition}), so a channel id tells where its guild's state lives, and carries
 * the making gateway's worker id in the top four bits of its increment, so two gateways never make the same id; the
 * remaining eight bits count the ids this gateway made in the millisecond (past 256 the next millisecond is
 * borrowed, so ids of one generator strictly increase, even when the clock steps back).
 *
 * <p>Thread-safe.
 */
public final class GuildObjectIdGenerator {
    static final int COUNT_BITS = 8;
    static final int MAX_COUNT = (1 << COUNT_BITS) - 1;

    private final int gatewayWorker;
    private final LongSupplier clock;
    private long lastMillis = Long.MIN_VALUE;
    private int count;

    /** @param gatewayWorker the gateway's {@code gateway.worker-id}, {@code 0..}{@link Snowflake#MAX_GATEWAY_WORKER} */
    public GuildObjectIdGenerator(int gatewayWorker) {
        this(gatewayWorker, System::currentTimeMillis);
    }

    public GuildObjectIdGenerator(int gatewayWorker, LongSupplier clock) {
        if (gatewayWorker < 0 || gatewayWorker > Snowflake.MAX_GATEWAY_WORKER) {
            throw new IllegalArgumentException("gateway worker must be 0-" + Snowflake.MAX_GATEWAY_WORKER + ": " + gatewayWorker);
        }
        this.gatewayWorker = gatewayWorker;
        this.clock = clock;
    }

    /** A new id of an object of a guild in {@code partition} ({@code 0..}{@link Snowflake#MAX_PARTITIONS}{@code -1}). */
    public synchronized long next(int partition) {
        if (partition < 0 || partition >= Snowflake.MAX_PARTITIONS) {
            throw new IllegalArgumentException("partition must be 0-" + (Snowflake.MAX_PARTITIONS - 1) + ": " + partition);
        }
        long now = Math.max(clock.getAsLong(), Snowflake.EPOCH_MILLIS);
        if (now > lastMillis) {
            lastMillis = now;
            count = 0;
        } else if (++count > MAX_COUNT) {
            lastMillis++;
            count = 0;
        }
        return Snowflake.of(lastMillis, Snowflake.FIRST_APP_WORKER + (partition >> 5), partition & 31,
                gatewayWorker << COUNT_BITS | count);
    }
}
