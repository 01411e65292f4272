package dev.parley.gateway.session;

import dev.parley.gateway.protocol.Dispatch;
import dev.parley.gateway.protocol.GuildPayloads;
import dev.parley.gateway.protocol.Intents;
import dev.parley.gateway.protocol.Payloads;
import dev.parley.gateway.protocol.V10JsonCodec;
import dev.parley.gateway.state.Lookup;
import dev.parley.schemas.query.GuildSnapshot;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/**
 * Brings a new session up to date: once the user's own events are delivered, checks that the session's token still
 * holds (so a revocation is either seen by this read or delivered as an event, never lost between the two) and reads
 * the user's guilds (those in the session's shard), starts delivering their events, then reads each guild and sends
 * READY followed by one GUILD_CREATE per guild. Events that arrive
 * meanwhile are held by the session and follow, so nothing between the reads and READY is lost. A guild the reads
 * show the user is no longer in is left out, and its events are not delivered. Between two stages the start stops
 * once the session has ended (its client left, an operator ended it): nothing more is read for it.
 */
final class SessionStarter {
    private final GatewayContext context;

    SessionStarter(GatewayContext context) {
        this.context = context;
    }

    /**
     * Completes when READY and the GUILD_CREATEs are sent; fails when state cannot be read, with
     * {@link TokenRevokedException} when the session's token generation is no longer the user's, or with
     * {@link AbandonedException} when the session ended before READY.
     */
    CompletableFuture<Void> start(GatewaySession session) {
        long userId = session.user().id();
        return context.fanout().watchUser(session)
                .thenCompose(watching -> unlessEnded(session, () -> context.state().userGuilds(userId)
                        .thenCombine(context.state().tokenGeneration(userId), (guilds, current) -> {
                            if (current.isEmpty() || current.getAsLong() != session.tokenGeneration()) {
                                throw new TokenRevokedException("token generation " + session.tokenGeneration()
                                        + " of user " + userId + " was revoked");
                            }
                            return guilds;
                        })))
                .thenApply(ids -> ids.stream().filter(id -> session.shard().holds(id)).toList())
                .thenCompose(ids -> unlessEnded(session, () -> context.fanout().attach(session, ids).thenApply(attached -> ids)))
                .thenCompose(ids -> unlessEnded(session, () -> snapshots(session, ids))
                        .thenCompose(snapshots -> unlessEnded(session, () -> send(session, ids, snapshots))));
    }

    /** The next stage of the start, or {@link AbandonedException} when the session has ended. */
    private static <T> CompletableFuture<T> unlessEnded(GatewaySession session, Supplier<CompletableFuture<T>> next) {
        if (session.isEnded()) return AbandonedException.because("session " + session.id() + " ended before READY");
        return next.get();
    }

    private CompletableFuture<List<Lookup<GuildSnapshot>>> snapshots(GatewaySession session, List<Long> ids) {
        List<CompletableFuture<Lookup<GuildSnapshot>>> reads = ids.stream()
                .map(id -> context.state().snapshot(id, session.user().id(), session.largeThreshold())).toList();
        return CompletableFuture.allOf(reads.toArray(CompletableFuture[]::new))
                .thenApply(done -> reads.stream().map(CompletableFuture::join).toList());
    }

    private CompletableFuture<Void> send(GatewaySession session, List<Long> ids, List<Lookup<GuildSnapshot>> lookups) {
        List<Long> ready = new ArrayList<>();
        Set<Long> notMember = new HashSet<>();
        List<Dispatch> creates = new ArrayList<>();
        boolean guildsIntent = (session.intents() & Intents.GUILDS) != 0;
        for (int i = 0; i < ids.size(); i++) {
            Lookup<GuildSnapshot> lookup = lookups.get(i);
            if (!(lookup instanceof Lookup.Found<GuildSnapshot> found)) {
                notMember.add(ids.get(i));
                continue;
            }
            GuildSnapshot snapshot = found.value();
            ready.add(snapshot.guild().id());
            if (guildsIntent) {
                creates.add(GuildPayloads.guildCreate(snapshot, session.user().id(), session.intents(),
                        session.largeThreshold()));
            }
        }
        byte[] readyPayload = V10JsonCodec.payload(Payloads.ready(session.user(), ready, session.id(),
                context.publicUrl().get(), session.shard()));
        return context.fanout().start(session, notMember, () -> session.start(readyPayload, creates, notMember));
    }
}
