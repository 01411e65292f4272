package dev.parley.ops.lag;

import dev.parley.ops.ClusterOptions;
import org.apache.kafka.clients.admin.Admin;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code parley lag}: consumer lag per group and partition, once or every few seconds. */
@Command(name = "lag", mixinStandardHelpOptions = true,
        description = {"Consumer lag per consumer group and partition: committed offset, end offset and lag "
                + "(records the group has still to read), with a total per group.",
                "By default the groups whose id starts with kafka.topic-prefix (the streams apps).",
                "A partition assigned to a member but without a committed offset shows COMMITTED '-' and a lag "
                        + "of end offset minus log start offset: everything the group would have to read.",
                "Exit code 1 when the cluster does not answer within --timeout."})
public final class LagCommand implements Callable<Integer> {
    @Mixin
    ClusterOptions cluster;

    @Option(names = "--group", paramLabel = "ID", description = "Only this consumer group (repeatable).")
    List<String> groups = new ArrayList<>();

    @Option(names = "--all", description = "Every consumer group of the cluster, not only those of this deployment.")
    boolean allGroups;

    @Option(names = "--json", description = "One JSON document (one line) instead of a table.")
    boolean json;

    @Option(names = "--watch", paramLabel = "SECONDS",
            description = "Report again every SECONDS seconds until Ctrl-C.")
    Integer watchSeconds;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws InterruptedException {
        ClusterOptions.quietConnectionWarnings();
        PrintWriter out = spec.commandLine().getOut();
        GroupSelection selection = new GroupSelection(groups, cluster.topicPrefix(), allGroups);
        try (Admin admin = cluster.admin("parley-lag")) {
            LagCollector collector = new LagCollector(admin, cluster.bootstrapServers(), cluster.timeout(),
                    Clock.systemUTC());
            while (true) {
                LagReport report = collector.collect(selection);
                if (json) {
                    out.println(LagJson.render(report));
                } else {
                    if (watchSeconds != null) out.println("# " + report.at());
                    out.print(LagTable.render(report));
                }
                out.flush();
                if (watchSeconds == null) return 0;
                out.println();
                Thread.sleep(Duration.ofSeconds(Math.max(1, watchSeconds)).toMillis());
            }
        }
    }
}
