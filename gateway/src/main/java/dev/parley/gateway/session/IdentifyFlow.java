package dev.parley.gateway.session;

import dev.parley.gateway.auth.TokenClaims;
import dev.parley.gateway.fanout.FanoutStalledException;
import dev.parley.gateway.protocol.CloseCause;
import dev.parley.gateway.protocol.Identify;
import dev.parley.gateway.protocol.Intents;
import dev.parley.gateway.protocol.Shard;
import dev.parley.schemas.guild.User;
import dev.parley.schemas.session.SessionStarts;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * One IDENTIFY, from its payload to READY, in this order: the token's signature, the intents and the shard; whether
 * the token still holds (through {@link dev.parley.gateway.auth.TokenGenerations}, cached as for REST), before
 * anything is counted or reserved for the user, so that a revoked token cannot take the real user's slots; the
 * {@link Admission} limits: sessions per user, then the user's {@code max_concurrency} slot, for which the IDENTIFY
 * may be held; then, with a turn of the {@link StartGate}: the user, their token generation and their session starts
 * read afresh; privileged intents; the daily session starts; the session created (announced to the connection); and
 * the {@link SessionStarter} up to READY.
 *
 * <p>The turn is taken and given back by {@link StartGate#run} around the whole start, whatever ends it: a client
 * that leaves mid-start gives it back only once the read in flight answered and the start stopped (each stage first
 * checks whether the connection is closing, and the starter whether the session ended), so clients that IDENTIFY and
 * close at once run no more starts at once than the gate allows.
 *
 * <p>Threading: {@link #run} is called on the connection's I/O thread, and every stage after an asynchronous read
 * runs there again ({@link ConnectionThread#handBack}); so does the returned future's completion (unless the
 * listener stopped). One instance per IDENTIFY.
 */
final class IdentifyFlow {
    private static final Logger log = LoggerFactory.getLogger(IdentifyFlow.class);

    private final GatewayContext context;
    private final SessionStarter starter;
    private final ConnectionThread thread;
    private final Connection connection;

    /** A user (empty when the token no longer holds: revoked, or an unknown user) and the session starts counted for it. */
    private record Starting(Optional<User> user, SessionStarts starts) {
    }

    IdentifyFlow(GatewayContext context, SessionStarter starter, ConnectionThread thread, Connection connection) {
        this.context = context;
        this.starter = starter;
        this.thread = thread;
        this.connection = connection;
    }

    /**
     * Runs the IDENTIFY. Completes with the session once READY is sent; fails with a {@link Refusal} naming the close
     * cause, with {@link AbandonedException} when the connection closed or the session ended meanwhile, or with
     * anything else that went wrong unforeseen.
     */
    CompletableFuture<GatewaySession> run(Identify identify) {
        Optional<TokenClaims> claims = context.tokens().verify(identify.token());
        if (claims.isEmpty()) return Refusal.of(CloseCause.INVALID_TOKEN, "invalid token");
        long undefined = identify.intents() & ~Intents.DEFINED;
        if (identify.intents() < 0 || undefined != 0) {
            return Refusal.of(CloseCause.INVALID_INTENTS, "undefined intent bits " + Long.toBinaryString(undefined));
        }
        Shard shard = identify.shard() == null ? Shard.ONLY : identify.shard();
        if (!shard.isValid()) {
            return Refusal.of(CloseCause.INVALID_SHARD, "shard [" + shard.id() + ", " + shard.count() + "] is invalid");
        }
        TokenClaims token = claims.get();
        return then(thread.handBack(context.generations().holds(token)),
                (holds, error) -> admit(identify, shard, token, holds, error));
    }

    /** The token's generation was looked up: the admission limits, then a turn to start. I/O thread. */
    private CompletableFuture<GatewaySession> admit(Identify identify, Shard shard, TokenClaims token, Boolean holds,
                                                    Throwable error) {
        if (connection.closing()) return AbandonedException.because("client left before admission");
        if (error != null) {
            log.warn("IDENTIFY failed: {}", unwrap(error).getMessage());
            return Refusal.of(CloseCause.USER_STATE_UNAVAILABLE, "user state unavailable; reconnect");
        }
        if (!holds) return Refusal.of(CloseCause.UNKNOWN_USER, "token revoked, or unknown user");
        long user = token.userId();
        Admission admission = context.admission();
        if (context.registry().sessionsOf(user).size() >= admission.sessionsPerUser()) return tooManySessions();
        IdentifySlots slots = admission.identifySlots();
        long hold = slots.reserve(user, shard.id());
        if (hold < 0) {
            return Refusal.of(CloseCause.IDENTIFY_CONCURRENCY, "IDENTIFY rate limited: max_concurrency "
                    + slots.maxConcurrency() + "; next slot in " + inWords(slots.untilFree(user, shard.id())));
        }
        CompletableFuture<Void> slot = hold == 0 ? CompletableFuture.completedFuture(null) : thread.after(hold);
        return slot.thenCompose(due -> connection.closing() ? AbandonedException.because("client left while held")
                : gated(identify, shard, token));
    }

    /** The IDENTIFY's slot has come: it waits its turn to read the state apps, and holds it until READY. */
    private CompletableFuture<GatewaySession> gated(Identify identify, Shard shard, TokenClaims token) {
        return context.startGate().<GatewaySession>run(() -> thread.next().thenCompose(turn -> read(identify, shard, token)))
                .exceptionallyCompose(error -> unwrap(error) instanceof StartGate.FullException
                        ? Refusal.of(CloseCause.GATEWAY_BUSY, "gateway busy starting sessions; reconnect later")
                        : CompletableFuture.failedFuture(error));
    }

    /** This IDENTIFY's turn has come: reads the user, their token generation and their session starts. I/O thread. */
    private CompletableFuture<GatewaySession> read(Identify identify, Shard shard, TokenClaims token) {
        if (connection.closing()) return AbandonedException.because("client left while waiting its turn");
        long userId = token.userId();
        CompletableFuture<Starting> reads = context.state().user(userId)
                .thenCombine(context.state().tokenGeneration(userId), (user, current) ->
                        current.isPresent() && current.getAsLong() == token.generation() ? user : Optional.<User>empty())
                .thenCombine(context.state().sessionStarts(userId), Starting::new);
        return then(thread.handBack(reads), (starting, error) -> create(identify, shard, token, starting, error));
    }

    /** The user was read: the last checks, then the session is created and started. I/O thread. */
    private CompletableFuture<GatewaySession> create(Identify identify, Shard shard, TokenClaims token, Starting starting,
                                                     Throwable error) {
        if (connection.closing()) return AbandonedException.because("client left while its user was read");
        if (error != null) {
            log.warn("IDENTIFY failed: {}", error.getMessage());
            return Refusal.of(CloseCause.USER_STATE_UNAVAILABLE, "user state unavailable; reconnect");
        }
        if (starting.user().isEmpty()) return Refusal.of(CloseCause.UNKNOWN_USER, "token revoked, or unknown user");
        User user = starting.user().get();
        long refused = context.grants().refused(user.id(), user.bot(), identify.intents());
        if (refused != 0) return Refusal.of(CloseCause.DISALLOWED_INTENTS, "privileged intents not granted: " + refused);
        SessionStartLimit.StartDecision start = context.admission().sessionStarts().admit(user.id(), starting.starts());
        if (!start.admitted()) {
            return Refusal.of(CloseCause.SESSION_STARTS,
                    "session start limit reached (session_start_limit.total); resets in " + inWords(start.resetAfterMillis()));
        }
        GatewaySession started = context.registry().create(user, identify.intents(), shard, identify.largeThreshold(),
                identify.properties(), token.generation(), identify.presence(), connection, start.at(),
                context.admission().sessionsPerUser());
        if (started == null) {
            context.admission().sessionStarts().cancel(user.id(), start.at());
            return tooManySessions();
        }
        connection.starting(started);
        return then(thread.handBack(starter.start(started)), (ready, failure) -> ready(started, failure));
    }

    /** The starter finished: READY was sent, or the session ends here. I/O thread. */
    private CompletableFuture<GatewaySession> ready(GatewaySession started, Throwable failure) {
        if (failure == null) return CompletableFuture.completedFuture(started);
        Throwable cause = unwrap(failure);
        if (cause instanceof AbandonedException) return CompletableFuture.failedFuture(cause);
        if (cause instanceof TokenRevokedException) {
            context.registry().end(started, null, "token-revoked");
            return Refusal.of(CloseCause.TOKEN_REVOKED, "token revoked");
        }
        log.warn("READY for session {} failed: {}", started.id(), cause.getMessage());
        context.registry().end(started, null, "ready-failed");
        if (cause instanceof FanoutStalledException) return Refusal.of(CloseCause.FANOUT_STALLED, "gateway stalled; reconnect");
        return Refusal.of(CloseCause.GUILD_STATE_UNAVAILABLE, "guild state unavailable; reconnect");
    }

    private <T> CompletableFuture<T> tooManySessions() {
        return Refusal.of(CloseCause.SESSIONS_PER_USER, "over " + context.admission().sessionsPerUser()
                + " sessions of this user on this gateway; end one first");
    }

    /** The stage after {@code answer}, given its value or its failure. */
    private static <T, U> CompletableFuture<U> then(CompletableFuture<T> answer,
                                                    BiFunction<T, Throwable, CompletableFuture<U>> next) {
        return answer.handle(next).thenCompose(Function.identity());
    }

    static Throwable unwrap(Throwable error) {
        return error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
    }

    /** A wait for a close reason: {@code 4 s}, {@code 3 min}, {@code 5 h 12 min}. */
    static String inWords(long millis) {
        long s = (millis + 999) / 1000;
        if (s < 120) return s + " s";
        long m = (s + 59) / 60;
        return m < 120 ? m + " min" : m / 60 + " h " + m % 60 + " min";
    }
}
