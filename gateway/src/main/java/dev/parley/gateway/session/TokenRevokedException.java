package dev.parley.gateway.session;

/** The token that identified a session no longer holds (revoked, or its user is gone): the session must not start. */
final class TokenRevokedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    TokenRevokedException(String message) {
        super(message);
    }
}
