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
 * A presence storm: M members online in one guild with GUILD_PRESENCES; C of them change their status at R
 * changes a second, each change carrying a {@link LatencyMark} in its activity; every other member receives each.
 */
@Command(name = "presence-storm", mixinStandardHelpOptions = true, description = "M members, C of them changing presence at R/s.")
final class PresenceStormScenario implements Callable<Integer> {
    static final long INTENTS = 1 | (1 << 8);

    @Mixin
    CommonOptions common;

    @Option(names = "--members", defaultValue = "500")
    int members;

    @Option(names = "--changers", defaultValue = "50")
    int changers;

    @Option(names = "--rate", defaultValue = "20", description = "Presence changes per second.")
    int rate;

    @Override
    public Integer call() {
        CommonOptions.checkOpenFiles(members);
        Metrics metrics = new Metrics();
        Api api = new Api(common.gateway, common.restConcurrency);
        String run = "p" + Long.toString(System.currentTimeMillis() % 1_000_000, 36);
        List<Api.Account> users = api.register(run + "_", members, false);
        long[] guild = api.createGuild(users.get(0), "Storm " + run);
        api.join(guild[0], users.subList(1, members));
        Map<String, Object> extra = new LinkedHashMap<>();
        try (ClientPool pool = new ClientPool(common.ioThreads, common.sourceAddresses)) {
            List<GatewayClient> clients = Sessions.open(members, common.connectRate,
                    i -> new GatewayClient(pool, common.spec(users.get(i).token(), INTENTS, Set.of("PRESENCE_UPDATE")), metrics),
                    metrics, 600);
            java.util.concurrent.locks.LockSupport.parkNanos(3_000_000_000L);
            metrics.restart();
            long started = System.nanoTime();
            try (Progress progress = new Progress("presence-storm", metrics);
                 Pacer pacer = new Pacer(() -> rate, n -> {
                     metrics.sent.increment();
                     String status = n % 2 == 0 ? "idle" : "online";
                     clients.get((int) (n % changers)).send("{\"op\":3,\"d\":{\"since\":null,\"afk\":false,\"status\":\""
                             + status + "\",\"activities\":[{\"name\":\"storm\",\"type\":4,\"state\":\"" + LatencyMark.now("") + "\"}]}}");
                 })) {
                java.util.concurrent.locks.LockSupport.parkNanos(common.duration * 1_000_000_000L);
            }
            java.util.concurrent.locks.LockSupport.parkNanos(3_000_000_000L);
            extra.put("deliveries_per_second", Math.round(metrics.deliveries.sum() / ((System.nanoTime() - started) / 1e9 - 3)));
            extra.put("expected_deliveries", metrics.sent.sum() * (members - 1));
            clients.forEach(GatewayClient::close);
        }
        Map<String, Object> parameters = common.describe();
        parameters.put("members", members);
        parameters.put("changers", changers);
        parameters.put("rate", rate);
        IdleScenario.print(Report.write(common.out, "presence-storm", parameters, metrics, extra));
        return 0;
    }
}
