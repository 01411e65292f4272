package dev.parley.gateway.session;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CommandWindowTest {
    private final AtomicLong now = new AtomicLong(42);
    private final CommandWindow window = new CommandWindow(3, Duration.ofSeconds(60), now::get);

    @Test
    void shouldAdmitTheLimitPerWindowAndRefuseOneMore() {
        for (int i = 0; i < 3; i++) assertTrue(window.admit());
        now.addAndGet(Duration.ofSeconds(59).toNanos());
        assertFalse(window.admit(), "the fourth command within 60 s");
    }

    @Test
    void shouldOpenANewWindowWithTheFirstCommandAfterTheLastEnded() {
        for (int i = 0; i < 3; i++) assertTrue(window.admit());
        now.addAndGet(Duration.ofSeconds(60).toNanos());
        for (int i = 0; i < 3; i++) assertTrue(window.admit(), "a new window");
        assertFalse(window.admit());
    }
}
