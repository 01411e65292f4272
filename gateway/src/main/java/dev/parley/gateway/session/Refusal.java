package dev.parley.gateway.session;

import dev.parley.gateway.protocol.CloseCause;

import java.util.concurrent.CompletableFuture;

/**
 * An IDENTIFY or RESUME that was refused: the connection closes for {@link #cause()}, with the message as its reason
 * (and the refusal is counted under the cause's label when it is an admission limit).
 */
final class Refusal extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final transient CloseCause cause;

    private Refusal(CloseCause cause, String reason) {
        super(reason, null, false, false);
        this.cause = cause;
    }

    /** A future failed with a refusal for {@code cause}. */
    static <T> CompletableFuture<T> of(CloseCause cause, String reason) {
        return CompletableFuture.failedFuture(new Refusal(cause, reason));
    }

    CloseCause cause() {
        return cause;
    }
}
