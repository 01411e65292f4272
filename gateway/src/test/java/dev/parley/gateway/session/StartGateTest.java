package dev.parley.gateway.session;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class StartGateTest {

    @Test
    void shouldRunAtMostTheLimitAtOnceAndTheRestInArrivalOrder() {
        StartGate gate = new StartGate(2, 10);
        List<Integer> started = new ArrayList<>();
        List<StartGate.Permit> permits = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            int n = i;
            assertTrue(gate.enter(permit -> {
                started.add(n);
                permits.add(permit);
            }));
        }
        assertEquals(List.of(0, 1), started);
        assertEquals(3, gate.waiting());

        permits.get(1).release();
        permits.get(1).release(); // a second release of the same permit changes nothing
        assertEquals(List.of(0, 1, 2), started);
        assertEquals(2, gate.inFlight());
        permits.get(0).release();
        permits.get(2).release();
        assertEquals(List.of(0, 1, 2, 3, 4), started);
        permits.get(3).release();
        permits.get(4).release();
        assertEquals(0, gate.inFlight());
        assertEquals(0, gate.waiting());
    }

    @Test
    void shouldRefuseWhenTooManyWait() {
        StartGate gate = new StartGate(1, 1);
        assertTrue(gate.enter(permit -> { }));
        assertTrue(gate.enter(permit -> { }));
        assertFalse(gate.enter(permit -> { }), "one running, one waiting: the third is refused");
    }
}
