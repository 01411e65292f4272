package dev.parley.schemas.ids;

import java.util.function.LongSupplier;

/**
 * Creates unique, time-ordered {@link Snowflake} ids for one (worker, process) pair.
 *
 * <p>Two generators never produce the same id if their (worker, process) pairs differ; within one generator
 * ids strictly increase, even when the clock steps back (the last timestamp is reused until the clock passes
 * it) or more than 4096 ids are asked for in one millisecond (the next millisecond is borrowed).
 * Thread-safe.
 */
public final class SnowflakeGenerator {
    private final int worker;
    private final int process;
    private final LongSupplier clock;
    private long lastMillis = Long.MIN_VALUE;
    private int increment;

    public SnowflakeGenerator(int worker, int process) {
        this(worker, process, System::currentTimeMillis);
    }

    public SnowflakeGenerator(int worker, int process, LongSupplier clock) {
        if (worker < 0 || worker > Snowflake.MAX_WORKER) {
            throw new IllegalArgumentException("worker must be 0-" + Snowflake.MAX_WORKER + ": " + worker);
        }
        if (process < 0 || process > Snowflake.MAX_PROCESS) {
            throw new IllegalArgumentException("process must be 0-" + Snowflake.MAX_PROCESS + ": " + process);
        }
        this.worker = worker;
        this.process = process;
        this.clock = clock;
    }

    public synchronized long next() {
        long now = Math.max(clock.getAsLong(), Snowflake.EPOCH_MILLIS);
        if (now > lastMillis) {
            lastMillis = now;
            increment = 0;
        } else if (++increment > Snowflake.MAX_INCREMENT) {
            lastMillis++;
            increment = 0;
        }
        return Snowflake.of(lastMillis, worker, process, increment);
    }
}
