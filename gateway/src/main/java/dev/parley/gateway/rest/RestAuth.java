package dev.parley.gateway.rest;

import dev.parley.gateway.auth.TokenClaims;
import dev.parley.gateway.auth.Tokens;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.AttachmentKey;
import io.undertow.util.Headers;

import java.util.Optional;

/** Reads the {@code Authorization} header: {@code Bot <token>}, {@code Bearer <token>} or the bare token. */
final class RestAuth {
    /** The authenticated user's id, attached by {@link AuthenticatedHandler}. */
    static final AttachmentKey<Long> USER_ID = AttachmentKey.create(Long.class);
    /** The token generation of the authenticated request's token (the user's current one), attached with {@link #USER_ID}. */
    static final AttachmentKey<Long> TOKEN_GENERATION = AttachmentKey.create(Long.class);

    private RestAuth() {
    }

    /** What the request's token says, if it is genuine (its signature matches); not whether it still holds. */
    static Optional<TokenClaims> claims(HttpServerExchange exchange, Tokens tokens) {
        String header = exchange.getRequestHeaders().getFirst(Headers.AUTHORIZATION);
        if (header == null) return Optional.empty();
        String token = header.strip();
        if (token.regionMatches(true, 0, "Bot ", 0, 4)) token = token.substring(4).strip();
        else if (token.regionMatches(true, 0, "Bearer ", 0, 7)) token = token.substring(7).strip();
        return tokens.verify(token);
    }
}
