package dev.parley.ops.monitoring;

import dev.parley.load.Api;

import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Chat traffic that gives every panel of the dashboard something to show, through the public API of a running
 * Parley (each given URL: a gateway, or the balancer in front of them): two registered users in a new guild (so the
 * deployment must allow registration and open joins, as the local stack and cluster do), two identified sessions per
 * URL (so every gateway behind them assigns the guild's partitions and reports their fan-out lag), a message posted
 * every {@code postEvery} through each URL in turn, one session closed by the gateway for a payload that is not JSON
 * (close code 4002) and one dropped and resumed (a RESUME outcome). Runs until {@link #close()}.
 */
public final class ChatWorkload implements AutoCloseable {
    private final ScheduledExecutorService timer = Executors.newScheduledThreadPool(2, r -> {
        Thread thread = new Thread(r, "dashboard-check-workload");
        thread.setDaemon(true);
        return thread;
    });
    private final HttpClient http = HttpClient.newHttpClient();
    private final List<WorkloadClient> clients = new ArrayList<>();
    private final AtomicLong posted = new AtomicLong();
    private final AtomicLong refused = new AtomicLong();

    private ChatWorkload() {
    }

    /**
     * Sets the guild and the sessions up and starts posting.
     *
     * @throws IllegalStateException when a request is refused (registration closed, say) or a session does not start
     */
    public static ChatWorkload start(List<URI> bases, Duration postEvery) {
        if (bases.isEmpty()) throw new IllegalArgumentException("no public URL to drive");
        ChatWorkload workload = new ChatWorkload();
        try {
            workload.begin(bases, postEvery);
            return workload;
        } catch (RuntimeException e) {
            workload.close();
            throw e;
        }
    }

    private void begin(List<URI> bases, Duration postEvery) {
        List<Api> apis = bases.stream().map(base -> new Api(base.toString().replaceAll("/+$", ""), 4)).toList();
        String run = Long.toString(System.currentTimeMillis() % 100_000_000L, 36);
        List<Api.Account> users = apis.get(0).register("dash_" + run + "_", 2, false);
        long[] guild = apis.get(0).createGuild(users.get(0), "Dashboard check " + run);
        apis.get(0).join(guild[0], List.of(users.get(1)));
        for (URI base : bases) {
            for (Api.Account user : users) {
                WorkloadClient client = WorkloadClient.identify(http, timer, base, user.token());
                clients.add(client);
                client.awaitStarted();
            }
        }
        try (WorkloadClient bad = WorkloadClient.identify(http, timer, bases.get(0), users.get(0).token())) {
            bad.awaitStarted();
            bad.send("not json");
            int code = bad.awaitClosed();
            if (code != 4002) throw new IllegalStateException("a payload that is not JSON was closed with " + code + ", not 4002");
        }
        WorkloadClient dropped = WorkloadClient.identify(http, timer, bases.get(0), users.get(1).token());
        dropped.awaitStarted();
        dropped.drop();
        WorkloadClient resumed = WorkloadClient.resume(http, timer, bases.get(bases.size() - 1), dropped);
        clients.add(resumed);
        try {
            resumed.awaitStarted();
        } catch (RuntimeException e) {
            // INVALID_SESSION is an outcome too (counted by the gateway); the dashboard only needs one
        }
        AtomicLong turn = new AtomicLong();
        timer.scheduleAtFixedRate(() -> {
            long n = turn.getAndIncrement();
            Api api = apis.get((int) (n % apis.size()));
            api.post(users.get((int) (n % 2)), guild[1], "dashboard check " + n).whenComplete((body, error) -> {
                if (error == null) posted.incrementAndGet();
                else refused.incrementAndGet();
            });
        }, 0, postEvery.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Messages posted and answered 200 so far. */
    public long posted() {
        return posted.get();
    }

    /** Posts refused or failed so far. */
    public long refused() {
        return refused.get();
    }

    @Override
    public void close() {
        timer.shutdownNow();
        clients.forEach(WorkloadClient::close);
    }
}
