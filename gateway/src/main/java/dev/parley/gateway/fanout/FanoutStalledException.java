package dev.parley.gateway.fanout;

import java.time.Duration;

/**
 * The fan-out's consumer thread did not take up a session's task within {@code gateway.fanout.task-timeout}: it is
 * stuck (in a poll, or behind a task that does not return). The task is not run once its caller has been told.
 */
public final class FanoutStalledException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    FanoutStalledException(Duration timeout) {
        super("the fan-out's consumer thread did not answer within " + timeout.toMillis() + " ms", null, false, false);
    }
}
