package dev.parley.gateway.session;

import dev.parley.gateway.protocol.CloseCode;

import java.util.concurrent.CompletableFuture;

/**
 * An IDENTIFY or RESUME that was refused: the connection closes with {@link #code()} and the message as its reason,
 * and counts the refusal under {@link #limit()} when it was over an admission limit.
 */
final class Refusal extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final transient CloseCode code;
    private final String limit;

    private Refusal(CloseCode code, String limit, String reason) {
        super(reason, null, false, false);
        this.code = code;
        this.limit = limit;
    }

    /** A future failed with a refusal that is over no limit. */
    static <T> CompletableFuture<T> of(CloseCode code, String reason) {
        return CompletableFuture.failedFuture(new Refusal(code, null, reason));
    }

    /** A future failed with a refusal over {@code limit}, as {@code parley_gateway_refused_total} labels it. */
    static <T> CompletableFuture<T> overLimit(String limit, CloseCode code, String reason) {
        return CompletableFuture.failedFuture(new Refusal(code, limit, reason));
    }

    CloseCode code() {
        return code;
    }

    /** The admission limit refused at, or null. */
    String limit() {
        return limit;
    }
}
