package dev.parley.gateway.session;

import java.util.concurrent.CompletableFuture;

/**
 * A session start or resume stopped between two stages because its connection is closing or its session ended
 * meanwhile: nobody is left to answer, and nothing more is read for it.
 */
final class AbandonedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    AbandonedException(String message) {
        super(message, null, false, false);
    }

    /** A future failed with this exception. */
    static <T> CompletableFuture<T> because(String message) {
        return CompletableFuture.failedFuture(new AbandonedException(message));
    }
}
