package dev.parley.gateway.state;

/** The state apps did not answer in time, or are moving a store: the caller answers 503 and may retry. */
public class StateUnavailableException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public StateUnavailableException(String message) {
        super(message);
    }

    public StateUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
