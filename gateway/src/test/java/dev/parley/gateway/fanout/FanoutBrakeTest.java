package dev.parley.gateway.fanout;

import org.junit.jupiter.api.Test;

import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FanoutBrakeTest {

    @Test
    void shouldEngageOverTheBoundAndReleaseOnlyAtHalfOfIt() {
        AtomicLong backlog = new AtomicLong();
        FanoutBrake brake = new FanoutBrake(backlog::get, 1000);
        backlog.set(1000);
        assertFalse(brake.engaged(), "at the bound, not over");
        backlog.set(1001);
        assertTrue(brake.engaged());
        backlog.set(501);
        assertTrue(brake.engaged(), "still over half");
        backlog.set(500);
        assertFalse(brake.engaged());
        backlog.set(900);
        assertFalse(brake.engaged(), "released until over the bound again");
    }
}
