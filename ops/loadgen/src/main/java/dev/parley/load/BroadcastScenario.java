package dev.parley.load;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One guild of M members online; a poster posts R messages a second over REST; every member's session receives
 * each as MESSAGE_CREATE. Options add a burst (R × factor for some seconds) and slow readers (sessions that stop
 * reading).
 */
@Command(name = "broadcast", mixinStandardHelpOptions = true,
        description = "One large guild: M members online, R posts/s; optional burst and slow readers.")
final class BroadcastScenario implements Callable<Integer> {
    static final long INTENTS = 1 | (1 << 9) | (1 << 15);

    @Mixin
    CommonOptions common;

    @Option(names = "--members", defaultValue = "1000", description = "Members online (one session each).")
    int members;

    @Option(names = "--rate", defaultValue = "10", split = ",", description = "Posts per second; several (1,2,4) measure in turn.")
    List<Integer> rates;

    @Option(names = "--burst-factor", defaultValue = "1", description = "Multiply the rate by this during the burst.")
    int burstFactor;

    @Option(names = "--burst-start", defaultValue = "10", description = "Second of the run the burst starts.")
    int burstStart;

    @Option(names = "--burst-seconds", defaultValue = "10")
    int burstSeconds;

    @Option(names = "--slow-readers", defaultValue = "0", description = "Fraction of sessions that stop reading (0-1).")
    double slowReaders;

    @Override
    public Integer call() {
        CommonOptions.checkOpenFiles(members);
        Metrics metrics = new Metrics();
        Api api = new Api(common.gateway, common.restConcurrency);
        String run = "b" + Long.toString(System.currentTimeMillis() % 1_000_000, 36);
        System.out.println("setting up: " + members + " members");
        List<Api.Account> poster = api.register(run + "_poster", 1, true);
        List<Api.Account> users = api.register(run + "_", members, true);
        long[] guild = api.createGuild(poster.get(0), "Broadcast " + run);
        api.join(guild[0], users);
        Map<String, Object> extra = new LinkedHashMap<>();
        try (ClientPool pool = new ClientPool(common.ioThreads, common.sourceAddresses)) {
            List<GatewayClient> clients = Sessions.open(members, common.connectRate,
                    i -> new GatewayClient(pool, common.spec(users.get(i).token(), INTENTS, Set.of("MESSAGE_CREATE")), metrics),
                    metrics, 600);
            int slow = (int) Math.round(members * slowReaders);
            for (int i = 0; i < slow; i++) clients.get(i).pause();
            AtomicInteger errors = new AtomicInteger();
            extra.put("members_ready", metrics.ready.sum());
            extra.put("slow_readers", slow);
            extra.put("post_errors", errors);
            Map<String, Object> parameters = common.describe();
            parameters.put("members", members);
            parameters.put("burst_factor", burstFactor);
            parameters.put("burst_start_s", burstStart);
            parameters.put("burst_seconds", burstSeconds);
            parameters.put("slow_readers", slowReaders);
            Phases.run("broadcast-" + members, rates, common.duration, metrics, common.out, parameters, extra,
                    members - slow, this::rateAt, n -> api.post(poster.get(0), guild[1], LatencyMark.now(Long.toString(n)))
                            .exceptionally(e -> {
                                errors.incrementAndGet();
                                return null;
                            }), () -> gatewayFigures(api));
            clients.forEach(GatewayClient::close);
        }
        return 0;
    }

    /**
     * The gateway's heap after a full GC and RSS (with {@code --gateway-pid}, paused readers still paused), and its
     * load-regulation counters from {@code /healthz}.
     */
    private Map<String, Object> gatewayFigures(Api api) {
        Map<String, Object> figures = new LinkedHashMap<>();
        if (common.gatewayPid > 0) {
            ProcessProbe probe = new ProcessProbe(common.gatewayPid);
            figures.put("gateway_heap_after_gc_bytes", probe.heapUsedAfterGcBytes());
            figures.put("gateway_rss_bytes", probe.rssBytes());
        }
        try {
            figures.put("gateway_fanout", api.health(common.adminToken).join().path("checks").path("fanout").asText());
        } catch (RuntimeException e) {
            figures.put("gateway_fanout", "unavailable: " + e.getMessage());
        }
        return figures;
    }

    private int rateAt(int base, long second) {
        boolean burst = burstFactor > 1 && second >= burstStart && second < burstStart + burstSeconds;
        return burst ? base * burstFactor : base;
    }
}
