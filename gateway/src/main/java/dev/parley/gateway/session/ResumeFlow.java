package dev.parley.gateway.session;

import dev.parley.gateway.auth.TokenClaims;
import dev.parley.gateway.protocol.CloseCause;
import dev.parley.gateway.protocol.Resume;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Locale;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;

/**
 * One RESUME: the token's signature, then whether it still holds, its generation read afresh from the user state app;
 * then the session, if this gateway has it and it is the token's user's, takes the connection and replays what the
 * client missed ({@link GatewaySession#resume}); a session this gateway does not have may be resumed from the
 * checkpoint its gateway left ({@link RemoteResume}). Counted in {@code parley_gateway_resumed_total} by outcome.
 *
 * <p>Threading: {@link #run} is called on the connection's I/O thread; the rest of the RESUME runs there again once
 * the generation was read, and so does the returned future's completion (unless the listener stopped).
 */
final class ResumeFlow {
    private static final Logger log = LoggerFactory.getLogger(ResumeFlow.class);

    private final GatewayContext context;
    private final ConnectionThread thread;
    private final Connection connection;

    ResumeFlow(GatewayContext context, ConnectionThread thread, Connection connection) {
        this.context = context;
        this.thread = thread;
        this.connection = connection;
    }

    /**
     * Runs the RESUME. Completes with the session, now attached to the connection, or empty when the client is to be
     * sent INVALID_SESSION (unknown, ended, or no longer covered by the replay buffer) and may IDENTIFY; fails with a
     * {@link Refusal} naming the close cause, or with {@link AbandonedException} when the connection closed meanwhile.
     */
    CompletableFuture<Optional<GatewaySession>> run(Resume resume) {
        Optional<TokenClaims> claims = context.tokens().verify(resume.token());
        if (claims.isEmpty()) return Refusal.of(CloseCause.INVALID_TOKEN, "invalid token");
        TokenClaims token = claims.get();
        return thread.handBack(context.state().tokenGeneration(token.userId()))
                .handle((current, error) -> resume(resume, token, current, error))
                .thenCompose(outcome -> outcome);
    }

    /** The RESUME's token was looked up: resume if it holds. I/O thread. */
    private CompletableFuture<Optional<GatewaySession>> resume(Resume resume, TokenClaims token, OptionalLong current,
                                                               Throwable error) {
        if (connection.closing()) return AbandonedException.because("client left before its RESUME was answered");
        if (error != null) {
            log.warn("RESUME failed: {}", error.getMessage());
            return Refusal.of(CloseCause.USER_STATE_UNAVAILABLE, "user state unavailable; resume again");
        }
        if (current.isEmpty() || current.getAsLong() != token.generation()) {
            return Refusal.of(CloseCause.UNKNOWN_USER, "token revoked, or unknown user");
        }
        GatewaySession found = context.registry().find(resume.sessionId());
        if (found == null) return new RemoteResume(context, thread, connection).run(resume, token);
        if (found.user().id() != token.userId()) {
            context.metrics().resumed("unknown");
            return CompletableFuture.completedFuture(Optional.empty());
        }
        GatewaySession.ResumeOutcome outcome = found.resume(connection, resume.seq());
        context.metrics().resumed(outcome.name().toLowerCase(Locale.ROOT));
        switch (outcome) {
            case RESUMED:
                context.registry().resumed(found);
                return CompletableFuture.completedFuture(Optional.of(found));
            case INVALID_SEQ:
                context.registry().end(found, null, "invalid-seq");
                return Refusal.of(CloseCause.INVALID_SEQ, "seq " + resume.seq() + " is not a sequence number of this session");
            case NOT_COVERED:
                context.registry().end(found, null, "replay-lost");
                return CompletableFuture.completedFuture(Optional.empty());
            default:
                return CompletableFuture.completedFuture(Optional.empty());
        }
    }
}
