package dev.parley.ops;

import dev.parley.load.LoadCommand;
import dev.parley.ops.cluster.ClusterCommand;
import dev.parley.ops.lag.LagCommand;
import dev.parley.ops.replay.ReplayCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code parley} command line: the entry point of the launcher script and of every deployed process. */
@Command(name = "parley", mixinStandardHelpOptions = true, version = "parley 0.1.0",
        description = "A Discord-compatible real-time chat backend on Apache Kafka.",
        subcommands = {StackCommand.class, ClusterCommand.class, GatewayCommand.class, StreamsCommand.class, TokenCommand.class, LagCommand.class,
                ReplayCommand.class, LoadCommand.class, ConfigCommand.class})
public final class ParleyCommand implements Runnable {

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** The command line as {@link #main} runs it: a failing command prints one line, {@code parley: <message>}, and exits with 1. */
    public static CommandLine commandLine() {
        CommandLine commandLine = new CommandLine(new ParleyCommand());
        commandLine.setExecutionExceptionHandler((e, cmd, parsed) -> {
            cmd.getErr().println("parley: " + e.getMessage());
            org.slf4j.LoggerFactory.getLogger(ParleyCommand.class).debug("failure", e);
            return 1;
        });
        return commandLine;
    }

    @Override
    public void run() {
        new CommandLine(this).usage(System.out);
    }
}
