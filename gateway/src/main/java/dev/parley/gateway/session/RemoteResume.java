package dev.parley.gateway.session;

import dev.parley.gateway.auth.TokenClaims;
import dev.parley.gateway.fanout.Fanout;
import dev.parley.gateway.protocol.Resume;
import dev.parley.gateway.state.Lookup;
import dev.parley.schemas.guild.User;
import dev.parley.schemas.session.SessionCheckpoint;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;

/**
 * A RESUME of a session this gateway does not hold: its latest checkpoint is read from the state query API; if the
 * gateway that held it is silent (dead, or stopped; the RESUME waits out {@code gateway.holder-timeout} once) and the
 * checkpoint is the token's user's, of the token's generation, the session is created here under its id and adopted by the fan-out ({@link Fanout#adopt}), which sends
 * the client what it missed after its {@code seq}, then RESUMED. Counted in {@code parley_gateway_resumes_total} by
 * outcome: {@code rebuilt}, or why not ({@code unknown}, {@code holder_alive}, {@code not_exact}, {@code revoked},
 * {@code too_far_behind}, {@code missed_handover}, {@code rebuild_failed}); each of those answers INVALID_SESSION, after which the client IDENTIFYs.
 *
 * <p>Threading: {@link #run} is called on the connection's I/O thread, and completes there (unless the listener
 * stopped); the adoption itself runs on the fan-out's threads.
 */
final class RemoteResume {
    private static final Logger log = LoggerFactory.getLogger(RemoteResume.class);

    private final GatewayContext context;
    private final ConnectionThread thread;
    private final Connection connection;

    private record Found(Lookup<SessionCheckpoint> checkpoint, Optional<User> user) {
    }

    RemoteResume(GatewayContext context, ConnectionThread thread, Connection connection) {
        this.context = context;
        this.thread = thread;
        this.connection = connection;
    }

    /** Completes with the session, resumed here, or empty when the client is to be sent INVALID_SESSION. */
    CompletableFuture<Optional<GatewaySession>> run(Resume resume, TokenClaims token) {
        if (!SessionRegistry.isSessionId(resume.sessionId())) return unknown("unknown");
        CompletableFuture<Found> reads = context.state().sessionCheckpoint(token.userId(), resume.sessionId())
                .thenCombine(context.state().user(token.userId()), Found::new);
        return thread.handBack(reads).handle((found, error) -> {
            if (error != null) {
                log.warn("RESUME of session {} elsewhere: checkpoint unreadable: {}", resume.sessionId(), error.getMessage());
                return unknown("rebuild_failed");
            }
            return adopt(resume, token, found);
        }).thenCompose(outcome -> outcome);
    }

    /** The checkpoint and the user were read. I/O thread. */
    private CompletableFuture<Optional<GatewaySession>> adopt(Resume resume, TokenClaims token, Found found) {
        if (connection.closing()) return AbandonedException.because("client left before its RESUME was answered");
        if (!(found.checkpoint() instanceof Lookup.Found<SessionCheckpoint> hit) || found.user().isEmpty()) {
            return unknown("unknown");
        }
        SessionCheckpoint checkpoint = hit.value();
        if (checkpoint.userId() != token.userId() || checkpoint.tokenGeneration() != token.generation()) {
            return unknown("unknown"); // another user's, or an older token's
        }
        if (checkpoint.gatewayId().equals(context.gatewayId())) { // held by this gateway's previous run, or ended here
            return checkpoint.at() < context.startedAt() ? rebuild(resume, checkpoint, found.user().get()) : unknown("unknown");
        }
        return whenHolderSilent(resume, checkpoint, found.user().get(), true);
    }

    /**
     * Rebuilds once the checkpoint's gateway has been silent for {@code gateway.holder-timeout} (or stopped): a client
     * reconnects faster than a crash is noticed, so its RESUME waits out the rest of the timeout, once; a gateway
     * that beats meanwhile is alive and keeps the session (INVALID_SESSION here). I/O thread.
     */
    private CompletableFuture<Optional<GatewaySession>> whenHolderSilent(Resume resume, SessionCheckpoint checkpoint,
                                                                      User user, boolean mayWait) {
        CompletableFuture<OptionalLong> silence = CompletableFuture.supplyAsync(
                () -> context.liveness().silentForMillis(checkpoint.gatewayId()));
        return thread.handBack(silence).handle((silent, error) -> {
            if (connection.closing()) return AbandonedException.<Optional<GatewaySession>>because("client left during its RESUME");
            if (error != null) {
                log.warn("RESUME of session {} elsewhere: liveness unreadable: {}", resume.sessionId(), error.getMessage());
                return unknown("rebuild_failed");
            }
            long timeout = context.holderTimeout().toMillis();
            if (silent.isEmpty() || silent.getAsLong() >= timeout) return rebuild(resume, checkpoint, user);
            if (!mayWait) return unknown("holder_alive");
            return thread.after(timeout - silent.getAsLong() + 1)
                    .thenCompose(due -> whenHolderSilent(resume, checkpoint, user, false));
        }).thenCompose(outcome -> outcome);
    }

    /** The holder is silent: the session is created here and adopted by the fan-out. I/O thread. */
    private CompletableFuture<Optional<GatewaySession>> rebuild(Resume resume, SessionCheckpoint checkpoint, User user) {
        if (connection.closing()) return AbandonedException.because("client left before its RESUME was answered");
        GatewaySession session = context.registry().adopt(checkpoint, user, context.admission().sessionsPerUser());
        if (session == null) return unknown("unknown"); // held here after all (a RESUME racing this one), or too many
        long seq = resume.seq();
        CompletableFuture<Fanout.Adoption> adoption = context.fanout().adopt(session, checkpoint, seq,
                (missed, last) -> session.resumeRebuilt(connection, seq, missed));
        return thread.handBack(adoption).handle((outcome, error) -> {
            if (error != null || outcome != Fanout.Adoption.ADOPTED) {
                String why = error != null ? "rebuild_failed" : outcome.name().toLowerCase(java.util.Locale.ROOT);
                if (error != null) log.warn("RESUME of session {} elsewhere failed: {}", checkpoint.sessionId(), error.toString());
                context.registry().end(session, null, "not-rebuilt");
                context.fanout().forgetCheckpoint(checkpoint.userId(), checkpoint.sessionId());
                return unknown(why);
            }
            if (session.isEnded()) return unknown("rebuild_failed"); // expired or ended while it was rebuilt
            if (connection.closing()) { // the client left meanwhile: the session stays resumable, here now
                session.detach(connection, System.nanoTime());
                return AbandonedException.<Optional<GatewaySession>>because("client left during its RESUME");
            }
            context.metrics().resumed("rebuilt");
            context.registry().resumed(session);
            log.debug("session {} of user {} resumed here from gateway {}'s checkpoint at s={} (client at s={})",
                    session.id(), user.id(), checkpoint.gatewayId(), checkpoint.sequence(), seq);
            return CompletableFuture.completedFuture(Optional.of(session));
        }).thenCompose(outcome -> outcome);
    }

    private CompletableFuture<Optional<GatewaySession>> unknown(String outcome) {
        context.metrics().resumed(outcome);
        return CompletableFuture.completedFuture(Optional.empty());
    }
}
