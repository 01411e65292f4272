package dev.parley.load;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;

/** Holds N idle sessions (heartbeating), measuring the connect rate and the gateway's memory per session. */
@Command(name = "idle", mixinStandardHelpOptions = true, description = "Hold N idle sessions; report connect rate and gateway memory.")
final class IdleScenario implements Callable<Integer> {
    @Mixin
    CommonOptions common;

    @Option(names = "--sessions", defaultValue = "1000")
    int sessions;

    @Option(names = "--sessions-per-user", defaultValue = "10", description = "Sessions sharing one user (and token).")
    int sessionsPerUser;

    @Override
    public Integer call() {
        CommonOptions.checkOpenFiles(sessions);
        Metrics metrics = new Metrics();
        Api api = new Api(common.gateway, common.restConcurrency);
        String run = "idle" + Long.toString(System.currentTimeMillis() % 1_000_000, 36);
        List<Api.Account> users = api.register(run + "_", (sessions + sessionsPerUser - 1) / sessionsPerUser, true);
        ProcessProbe probe = common.gatewayPid > 0 ? new ProcessProbe(common.gatewayPid) : null;
        long heapBefore = probe == null ? -1 : probe.heapUsedAfterGcBytes();
        long rssBefore = probe == null ? -1 : probe.rssBytes();
        Map<String, Object> extra = new LinkedHashMap<>();
        try (ClientPool pool = new ClientPool(common.ioThreads, common.sourceAddresses)) {
            metrics.restart();
            long started = System.nanoTime();
            List<GatewayClient> clients = Sessions.open(sessions, common.connectRate,
                    i -> new GatewayClient(pool, common.spec(users.get(i / sessionsPerUser).token(), 1, Set.of()), metrics),
                    metrics, 600);
            double seconds = (System.nanoTime() - started) / 1e9;
            extra.put("sessions_ready", metrics.ready.sum());
            extra.put("connects_per_second", Math.round(metrics.ready.sum() / seconds));
            java.util.concurrent.locks.LockSupport.parkNanos(common.duration * 1_000_000_000L);
            if (probe != null) {
                long heapAfter = probe.heapUsedAfterGcBytes();
                long rssAfter = probe.rssBytes();
                long ready = Math.max(1, metrics.ready.sum());
                extra.put("gateway_heap_before_bytes", heapBefore);
                extra.put("gateway_heap_after_bytes", heapAfter);
                extra.put("gateway_heap_per_session_bytes", (heapAfter - heapBefore) / ready);
                extra.put("gateway_rss_before_bytes", rssBefore);
                extra.put("gateway_rss_after_bytes", rssAfter);
                extra.put("gateway_rss_per_session_bytes", (rssAfter - rssBefore) / ready);
            }
            clients.forEach(GatewayClient::close);
        }
        Map<String, Object> parameters = common.describe();
        parameters.put("sessions", sessions);
        parameters.put("sessions_per_user", sessionsPerUser);
        print(Report.write(common.out, "idle", parameters, metrics, extra));
        return 0;
    }

    static void print(Map<String, Object> summary) {
        Map<String, Object> shown = new LinkedHashMap<>(summary);
        shown.remove("timeline");
        System.out.println(shown);
    }
}
