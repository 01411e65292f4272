package dev.parley.gateway.session;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;

class HeartbeatsTest {
    private static final long MS = 1_000_000;
    private final AtomicLong now = new AtomicLong(5_000 * MS);
    /** Interval 1000 ms, grace 400 ms: asked for a beat at 1200 ms, timed out at 1400 ms. */
    private final Heartbeats heartbeats = new Heartbeats(Duration.ofMillis(1000), Duration.ofMillis(400), now::get);

    private Heartbeats.Check at(long millis) {
        now.set(5_000 * MS + millis * MS);
        return heartbeats.check();
    }

    @Test
    void shouldFirstCheckHalfTheGracePastTheInterval() {
        assertEquals(1200 * MS, heartbeats.firstCheckInNanos());
        assertEquals(1400, heartbeats.deadlineMillis());
    }

    @Test
    void shouldWaitWhileHeartbeatsComeInTime() {
        heartbeatAt(900);
        assertEquals(new Heartbeats.Check(Heartbeats.Verdict.WAIT, 900 * MS), at(1200), "next due 1200 ms after the beat");
        assertEquals(300, heartbeats.ageMillis());
    }

    @Test
    void shouldAskForALateHeartbeatOnceAndTimeOutAtTheDeadline() {
        assertEquals(new Heartbeats.Check(Heartbeats.Verdict.REQUEST, 200 * MS), at(1200));
        assertEquals(new Heartbeats.Check(Heartbeats.Verdict.WAIT, 100 * MS), at(1300), "asked once per late beat");
        assertEquals(Heartbeats.Verdict.TIMED_OUT, at(1400).verdict());
    }

    @Test
    void shouldAskAgainAfterAHeartbeatAnsweredTheRequest() {
        assertEquals(Heartbeats.Verdict.REQUEST, at(1250).verdict());
        heartbeatAt(1300);
        assertEquals(new Heartbeats.Check(Heartbeats.Verdict.WAIT, 1100 * MS), at(1400), "the clock starts again at the beat");
        assertEquals(new Heartbeats.Check(Heartbeats.Verdict.REQUEST, 200 * MS), at(2500));
        assertEquals(Heartbeats.Verdict.TIMED_OUT, at(2700).verdict());
    }

    private void heartbeatAt(long millis) {
        now.set(5_000 * MS + millis * MS);
        heartbeats.beat();
    }
}
