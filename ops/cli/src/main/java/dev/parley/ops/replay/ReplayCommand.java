package dev.parley.ops.replay;

import dev.parley.ops.ClusterOptions;
import dev.parley.schemas.Topic;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * {@code parley replay}: one guild's records (or every record) read back from the guild-keyed topics or the dead
 * letters, as JSON lines or into a topic.
 */
@Command(name = "replay", mixinStandardHelpOptions = true,
        description = {"Read one guild's records (or, without --guild, every record) back from the guild-keyed topics "
                + "or the dead letters, in offset order per partition, "
                + "as JSON lines (topic, partition, offset, timestamp, type, event) or into another topic.",
                "Reads only the guild's partition, without a consumer group or commits. Records that cannot be "
                        + "read are reported on stderr and skipped."})
public final class ReplayCommand implements Callable<Integer> {
    @Mixin
    ClusterOptions cluster;

    @Option(names = "--guild", paramLabel = "ID",
            description = "The guild's id; without it every record of every partition is read (e.g. all dead letters).")
    Long guildId;

    @Option(names = "--topic", paramLabel = "NAME",
            description = "A guild-keyed topic, without the prefix (repeatable; default: guild-events and "
                    + "presence-updates; also guild-commands, and dead-letters: what the streams apps could not "
                    + "read, process or write, with the error).")
    List<String> topics = new ArrayList<>(List.of("guild-events", "presence-updates"));

    @Option(names = "--type", paramLabel = "TYPE",
            description = "Only records of this dispatch type, e.g. MESSAGE_CREATE or PRESENCE_UPDATE (repeatable).")
    List<String> types = new ArrayList<>();

    @Option(names = "--from-offset", paramLabel = "OFFSET", description = "First offset to read (inclusive).")
    Long fromOffset;

    @Option(names = "--to-offset", paramLabel = "OFFSET", description = "Offset to stop before (exclusive).")
    Long toOffset;

    @Option(names = "--from-time", paramLabel = "INSTANT",
            description = "Read from the first record at or after this time, e.g. 2025-01-31T12:00:00Z.")
    Instant fromTime;

    @Option(names = "--to-time", paramLabel = "INSTANT",
            description = "Stop before the first record at or after this time (exclusive).")
    Instant toTime;

    @Option(names = "--follow", description = "Keep reading new records until Ctrl-C (default: stop at the end "
            + "offsets found at the start).")
    boolean follow;

    @Option(names = "--to-topic", paramLabel = "NAME",
            description = "Publish the matching records (same key, value and headers, less a command's deadline and a "
                    + "dead letter's parley.error.* headers) to this existing topic (full name, no prefix added) instead "
                    + "of printing them; e.g. dead-lettered commands back to guild-commands.")
    String toTopic;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        ClusterOptions.quietConnectionWarnings();
        ReplayRequest request = request();
        PrintWriter err = spec.commandLine().getErr();
        ReplaySink sink = toTopic == null
                ? new JsonLinesSink(spec.commandLine().getOut())
                : TopicCopySink.open(cluster.clientConfig("parley-replay"), toTopic, cluster.timeout());
        GuildReplay replay = new GuildReplay(cluster.clientConfig("parley-replay"), request, sink, err, cluster.timeout());
        CountDownLatch finished = new CountDownLatch(1);
        Thread stopOnCtrlC = new Thread(() -> {
            replay.stop();
            try {
                finished.await(cluster.timeout().toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "parley-replay-stop");
        Runtime.getRuntime().addShutdownHook(stopOnCtrlC);
        try {
            GuildReplay.Summary summary = replay.run();
            err.println("parley replay: " + summary.replayed() + " record(s)" + (guildId == null ? "" : " of guild " + guildId)
                    + (toTopic == null ? "" : " published to " + toTopic)
                    + (summary.unreadable() == 0 ? "" : "; " + summary.unreadable() + " unreadable record(s) skipped"));
            err.flush();
            return 0;
        } finally {
            finished.countDown();
            removeHook(stopOnCtrlC);
        }
    }

    private ReplayRequest request() {
        try {
            String prefix = cluster.topicPrefix();
            List<Topic<?, ?>> resolved = topics.stream().distinct()
                    .<Topic<?, ?>>map(name -> ReplayRequest.guildTopic(name, prefix)).toList();
            if (toTopic != null && resolved.stream().anyMatch(t -> t.name().equals(toTopic))) {
                throw new IllegalArgumentException("--to-topic " + toTopic + " is also a topic being replayed");
            }
            Set<String> upper = types.stream().map(t -> t.toUpperCase(Locale.ROOT)).collect(Collectors.toSet());
            return new ReplayRequest(guildId, resolved, upper, fromOffset, toOffset, fromTime, toTime, follow);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage(), e);
        }
    }

    private static void removeHook(Thread hook) {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // The hook is running: it waits for this replay, which has finished.
        }
    }
}
