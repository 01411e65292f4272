package dev.parley.gateway.rest;

import dev.parley.gateway.auth.TokenClaims;
import dev.parley.gateway.auth.TokenGenerations;
import dev.parley.gateway.auth.Tokens;
import dev.parley.gateway.http.JsonResponses;
import dev.parley.gateway.state.StateUnavailableException;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.SameThreadExecutor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * Lets a request through to {@code next} (attaching the user id) only with a token that holds: genuine (its
 * signature matches), of a user that exists, minted at the user's current token generation. Anything else answers
 * 401 {@code {"code": 0, "message": "401: Unauthorized"}}; when the state apps cannot say (a miss of
 * {@link TokenGenerations}), 503 with {@code retry_after}, like other reads.
 *
 * <p>A cached answer is decided on the calling thread; otherwise the exchange is dispatched and {@code next} runs
 * on the exchange's I/O thread once the generation is read, holding no thread meanwhile.
 */
public final class AuthenticatedHandler implements HttpHandler {
    private static final Logger log = LoggerFactory.getLogger(AuthenticatedHandler.class);

    private final Tokens tokens;
    private final TokenGenerations generations;
    private final HttpHandler next;

    public AuthenticatedHandler(Tokens tokens, TokenGenerations generations, HttpHandler next) {
        this.tokens = tokens;
        this.generations = generations;
        this.next = next;
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) throws Exception {
        Optional<TokenClaims> claims = RestAuth.claims(exchange, tokens);
        if (claims.isEmpty()) {
            unauthorized(exchange);
            return;
        }
        CompletableFuture<Boolean> holds = generations.holds(claims.get());
        if (holds.isDone() && !holds.isCompletedExceptionally()) {
            decide(exchange, claims.get(), holds.join(), null);
            return;
        }
        exchange.dispatch(SameThreadExecutor.INSTANCE, () -> holds.whenComplete((valid, error) ->
                exchange.dispatch(exchange.getIoThread(), ex -> decide(ex, claims.get(), valid, error))));
    }

    private void decide(HttpServerExchange exchange, TokenClaims claims, Boolean valid, Throwable error) throws Exception {
        if (error != null) {
            Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
            if (cause instanceof StateUnavailableException) {
                AsyncResponses.unavailable(exchange, cause.getMessage());
            } else {
                log.error("checking the token of user {} failed", claims.userId(), cause);
                JsonResponses.error(exchange, 500, 0, "500: Internal Server Error");
            }
            return;
        }
        if (!valid) {
            unauthorized(exchange);
            return;
        }
        exchange.putAttachment(RestAuth.USER_ID, claims.userId());
        exchange.putAttachment(RestAuth.TOKEN_GENERATION, claims.generation());
        next.handleRequest(exchange);
    }

    private static void unauthorized(HttpServerExchange exchange) {
        JsonResponses.error(exchange, 401, 0, "401: Unauthorized");
    }
}
