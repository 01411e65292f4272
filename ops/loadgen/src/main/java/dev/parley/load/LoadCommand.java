package dev.parley.load;

import picocli.CommandLine.Command;

/** {@code parley load <scenario>}: the load generator and its baselines. */
@Command(name = "load", mixinStandardHelpOptions = true,
        description = "Drive simulated Gateway v10 clients and baselines; write JSON results and PNG charts.",
        footer = "The gateway under load needs the limits a load run hits raised (REST rate limits, connections per address, "
                + "sessions per user, the IDENTIFY interval): start it with set -a; . ops/bench/load-limits.env; set +a",
        subcommands = {IdleScenario.class, BroadcastScenario.class, SmallGuildsScenario.class, PresenceStormScenario.class,
                RenameScenario.class, RawServerCommand.class, RawBroadcastScenario.class, RawKafkaScenario.class,
                GuildThroughputScenario.class, RestPostScenario.class, ResumeElsewhereScenario.class})
public final class LoadCommand implements Runnable {
    @Override
    public void run() {
        new picocli.CommandLine(this).usage(System.out);
    }
}
