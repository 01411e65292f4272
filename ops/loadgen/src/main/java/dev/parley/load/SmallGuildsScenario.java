package dev.parley.load;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;

/** Many small guilds chatting at once: G guilds of K members, each guild's first member posting. */
@Command(name = "small-guilds", mixinStandardHelpOptions = true, description = "G small guilds of K members chatting.")
final class SmallGuildsScenario implements Callable<Integer> {
    @Mixin
    CommonOptions common;

    @Option(names = "--guilds", defaultValue = "100")
    int guilds;

    @Option(names = "--members-per-guild", defaultValue = "10")
    int membersPerGuild;

    @Option(names = "--rate", defaultValue = "100", description = "Posts per second over all guilds.")
    int rate;

    @Override
    public Integer call() {
        int sessions = guilds * membersPerGuild;
        CommonOptions.checkOpenFiles(sessions);
        Metrics metrics = new Metrics();
        Api api = new Api(common.gateway, common.restConcurrency);
        String run = "s" + Long.toString(System.currentTimeMillis() % 1_000_000, 36);
        List<Api.Account> users = api.register(run + "_", sessions, true);
        List<long[]> rooms = new ArrayList<>();
        for (int g = 0; g < guilds; g++) {
            List<Api.Account> members = users.subList(g * membersPerGuild, (g + 1) * membersPerGuild);
            long[] guild = api.createGuild(members.get(0), "Small " + g);
            api.join(guild[0], members.subList(1, members.size()));
            rooms.add(guild);
        }
        Map<String, Object> extra = new LinkedHashMap<>();
        try (ClientPool pool = new ClientPool(common.ioThreads, common.sourceAddresses)) {
            List<GatewayClient> clients = Sessions.open(sessions, common.connectRate,
                    i -> new GatewayClient(pool, common.spec(users.get(i).token(), BroadcastScenario.INTENTS,
                            Set.of("MESSAGE_CREATE")), metrics), metrics, 600);
            metrics.restart();
            long started = System.nanoTime();
            try (Progress progress = new Progress("small-guilds", metrics);
                 Pacer pacer = new Pacer(() -> rate, n -> {
                     int g = (int) (n % guilds);
                     metrics.sent.increment();
                     api.post(users.get(g * membersPerGuild), rooms.get(g)[1], LatencyMark.now(Long.toString(n)));
                 })) {
                java.util.concurrent.locks.LockSupport.parkNanos(common.duration * 1_000_000_000L);
            }
            java.util.concurrent.locks.LockSupport.parkNanos(2_000_000_000L);
            extra.put("deliveries_per_second", Math.round(metrics.deliveries.sum() / ((System.nanoTime() - started) / 1e9 - 2)));
            extra.put("expected_deliveries", metrics.sent.sum() * membersPerGuild);
            clients.forEach(GatewayClient::close);
        }
        Map<String, Object> parameters = common.describe();
        parameters.put("guilds", guilds);
        parameters.put("members_per_guild", membersPerGuild);
        parameters.put("rate", rate);
        IdleScenario.print(Report.write(common.out, "small-guilds", parameters, metrics, extra));
        return 0;
    }
}
