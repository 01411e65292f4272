package dev.parley.streams;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.MemberDescription;
import org.apache.kafka.clients.admin.MemberToRemove;
import org.apache.kafka.clients.admin.RemoveMembersFromConsumerGroupOptions;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.UnknownMemberIdException;
import org.apache.kafka.streams.StreamsMetadata;
import org.apache.kafka.streams.state.HostInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Notices at once that another streams process of the deployment crashed, instead of after its groups' session
 * timeout: every {@code interval} it connects to each other instance's state query endpoint (as the apps' groups know
 * them, {@code application.server}), and when {@code refusals} attempts in a row are refused (nothing listens there:
 * the process is gone), it removes that instance's static members from each app's consumer group, so that their
 * tasks move to the standbys now. A connection that times out (a host or network fault, perhaps passing) is not
 * counted: the session timeout decides then.
 *
 * <p>An instance's members are those holding the input partitions its active tasks read (from the group's
 * description). Only the classic group protocol with static membership ({@code streams.instance-id}) needs this:
 * without a {@code group.instance.id} a member cannot be removed by another, and one that left cleanly is gone
 * already. Removing a live member is safe, only slower: it rejoins (a rebalance) and Kafka fences what it had. One
 * daemon thread; {@link #close} stops it.
 */
public final class PeerWatch implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(PeerWatch.class);
    private static final long ADMIN_TIMEOUT_SECONDS = 5;

    private final List<StreamsApp> apps;
    private final HostInfo self;
    private final Admin admin;
    private final Duration interval;
    private final int refusals;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "peer-watch");
        thread.setDaemon(true);
        return thread;
    });
    /** Refused attempts in a row, per peer. Timer thread only. */
    private final Map<HostInfo, Integer> refused = new HashMap<>();
    /** Peers whose members were removed since they were last reachable. Timer thread only. */
    private final Set<HostInfo> removed = new HashSet<>();

    /**
     * @param apps     this process's apps, each with its own consumer group
     * @param self     this process's own {@code application.server}
     * @param admin    for describing the groups and removing members; closed by {@link #close}
     * @param interval how often each peer is tried ({@code streams.peer-check-interval})
     * @param refusals refused attempts in a row after which a peer counts as crashed ({@code streams.peer-check-refusals})
     */
    public PeerWatch(List<StreamsApp> apps, HostInfo self, Admin admin, Duration interval, int refusals) {
        if (refusals < 1) throw new IllegalArgumentException("streams.peer-check-refusals must be at least 1: " + refusals);
        this.apps = List.copyOf(apps);
        this.self = self;
        this.admin = admin;
        this.interval = interval;
        this.refusals = refusals;
        timer.scheduleWithFixedDelay(this::checkPeers, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void checkPeers() {
        try {
            Set<HostInfo> peers = peers();
            refused.keySet().retainAll(peers);
            removed.retainAll(peers);
            for (HostInfo peer : peers) {
                if (!refusesConnections(peer)) {
                    refused.remove(peer);
                    removed.remove(peer);
                    continue;
                }
                int inARow = refused.merge(peer, 1, Integer::sum);
                if (inARow >= refusals && !removed.contains(peer) && removeMembersOf(peer, inARow)) removed.add(peer);
            }
        } catch (RuntimeException e) {
            log.warn("peer watch: {}", e.toString());
        }
    }

    /** The other instances the apps' groups know. */
    private Set<HostInfo> peers() {
        Set<HostInfo> peers = new LinkedHashSet<>();
        for (StreamsApp app : apps) {
            for (StreamsMetadata client : clients(app)) {
                HostInfo host = client.hostInfo();
                if (host != null && host.port() > 0 && !host.equals(self)) peers.add(host);
            }
        }
        return peers;
    }

    private static Collection<StreamsMetadata> clients(StreamsApp app) {
        try {
            return app.streams().metadataForAllStreamsClients();
        } catch (RuntimeException notRunning) {
            return List.of();
        }
    }

    /** Whether a connection to {@code peer} is refused (nothing listens); false when it opens or cannot be told. */
    private boolean refusesConnections(HostInfo peer) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(peer.host(), peer.port()), (int) Math.max(1, interval.toMillis()));
            return false;
        } catch (ConnectException e) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** Removes from each app's group the members holding {@code peer}'s active tasks; whether every removal went through. */
    private boolean removeMembersOf(HostInfo peer, int inARow) {
        boolean done = true;
        for (StreamsApp app : apps) {
            Set<TopicPartition> active = new HashSet<>();
            for (StreamsMetadata client : clients(app)) {
                if (peer.equals(client.hostInfo())) active.addAll(client.topicPartitions());
            }
            if (active.isEmpty()) continue;
            String group = app.applicationId();
            try {
                List<MemberToRemove> members = new ArrayList<>();
                for (MemberDescription member : admin.describeConsumerGroups(List.of(group)).describedGroups().get(group)
                        .get(ADMIN_TIMEOUT_SECONDS, TimeUnit.SECONDS).members()) {
                    if (member.groupInstanceId().isPresent()
                            && member.assignment().topicPartitions().stream().anyMatch(active::contains)) {
                        members.add(new MemberToRemove(member.groupInstanceId().get()));
                    }
                }
                if (members.isEmpty()) continue;
                log.info("peer watch: {}:{} refused {} connections in a row; removing its members {} from group {}",
                        peer.host(), peer.port(), inARow, members.stream().map(MemberToRemove::groupInstanceId).toList(), group);
                admin.removeMembersFromConsumerGroup(group, new RemoveMembersFromConsumerGroupOptions(members)).all()
                        .get(ADMIN_TIMEOUT_SECONDS, TimeUnit.SECONDS);
            } catch (ExecutionException e) {
                if (e.getCause() instanceof UnknownMemberIdException) continue; // removed already (by another peer)
                log.info("peer watch: removing {}:{}'s members from {} failed: {}", peer.host(), peer.port(), group,
                        e.getCause().toString());
                done = false;
            } catch (TimeoutException e) {
                log.info("peer watch: Kafka did not answer within {} s about {}", ADMIN_TIMEOUT_SECONDS, group);
                done = false;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return done;
    }

    @Override
    public void close() {
        timer.shutdownNow();
        try {
            timer.awaitTermination(ADMIN_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        admin.close(Duration.ofSeconds(2));
    }
}
