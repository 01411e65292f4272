package dev.parley.load;

import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The gateway's limits a load run hits (REST rate limits, connections per address, sessions per user, the IDENTIFY
 * interval) are the gateway's to raise, not this tool's: the benchmark scripts start the stack with
 * {@code ops/bench/load-limits.env}. A run against a gateway with the production defaults says so, once, the first
 * time it is answered 429 or closed with 4008.
 */
final class GatewayLimits {
    static final String HINT = "the gateway rate-limited the load generator (429 or close 4008): start it with the limits a "
            + "load run hits raised through PARLEY_* environment variables, as the benchmark scripts do: "
            + "set -a; . ops/bench/load-limits.env; set +a; ops/parley stack";
    private static final AtomicBoolean told = new AtomicBoolean();

    private GatewayLimits() {
    }

    /** Prints {@link #HINT} the first time a limit is hit in this run. */
    static void hit() {
        if (told.compareAndSet(false, true)) System.out.println("  " + HINT);
    }
}
