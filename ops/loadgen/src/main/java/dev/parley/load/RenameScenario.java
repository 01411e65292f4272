package dev.parley.load;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;

/**
 * The case study's example: a member of a huge guild renames, and every member online must hear of it
 * (GUILD_MEMBER_UPDATE). The new global name carries the {@link LatencyMark}; the latency is per member reached.
 */
@Command(name = "rename", mixinStandardHelpOptions = true, description = "A user in a guild of M members online renames K times.")
final class RenameScenario implements Callable<Integer> {
    static final long INTENTS = 1 | (1 << 1);

    @Mixin
    CommonOptions common;

    @Option(names = "--members", defaultValue = "1000")
    int members;

    @Option(names = "--renames", defaultValue = "10")
    int renames;

    @Override
    public Integer call() {
        CommonOptions.checkOpenFiles(members);
        Metrics metrics = new Metrics();
        Api api = new Api(common.gateway, common.restConcurrency);
        String run = "r" + Long.toString(System.currentTimeMillis() % 1_000_000, 36);
        List<Api.Account> renamer = api.register(run + "_renamer", 1, false);
        List<Api.Account> users = api.register(run + "_", members, true);
        long[] guild = api.createGuild(renamer.get(0), "Rename " + run);
        api.join(guild[0], users);
        Map<String, Object> extra = new LinkedHashMap<>();
        try (ClientPool pool = new ClientPool(common.ioThreads, common.sourceAddresses)) {
            List<GatewayClient> clients = Sessions.open(members, common.connectRate,
                    i -> new GatewayClient(pool, common.spec(users.get(i).token(), INTENTS, Set.of("GUILD_MEMBER_UPDATE")),
                            metrics), metrics, 600);
            metrics.restart();
            try (Progress progress = new Progress("rename", metrics)) {
                for (int k = 0; k < renames; k++) {
                    metrics.sent.increment();
                    api.patchMe(renamer.get(0), "{\"global_name\":\"" + LatencyMark.now("") + "\"}").join();
                    long deadline = System.nanoTime() + 30_000_000_000L;
                    while (metrics.deliveries.sum() < (long) (k + 1) * members && System.nanoTime() < deadline) {
                        java.util.concurrent.locks.LockSupport.parkNanos(5_000_000);
                    }
                }
                java.util.concurrent.locks.LockSupport.parkNanos(1_100_000_000L);
            }
            extra.put("expected_deliveries", (long) renames * members);
            clients.forEach(GatewayClient::close);
        }
        Map<String, Object> parameters = common.describe();
        parameters.put("members", members);
        parameters.put("renames", renames);
        IdleScenario.print(Report.write(common.out, "rename-" + members, parameters, metrics, extra));
        return 0;
    }
}
