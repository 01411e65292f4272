package dev.parley.gateway.rest;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;

class RecentJoinsTest {
    private final AtomicLong clock = new AtomicLong(1_000);
    private final RecentJoins joins = new RecentJoins(10_000, 2, clock::get);

    @Test
    void shouldCountRecentJoinsTheListDoesNotShowYetOnce() {
        joins.joined(1, 100);
        joins.joined(1, 101);
        assertEquals(3, joins.count(1, List.of(7L)), "7 listed, 100 and 101 not yet");
        assertEquals(3, joins.count(1, List.of(7L, 100L, 101L)), "listed now: counted once");
        assertEquals(0, joins.count(2, List.of()));
    }

    @Test
    void shouldForgetJoinsAfterTheWindowAndBeyondTheUserBound() {
        joins.joined(1, 100);
        clock.addAndGet(10_001);
        assertEquals(0, joins.count(1, List.of()), "expired");
        joins.joined(1, 100);
        joins.joined(2, 200);
        joins.joined(3, 300);
        assertEquals(0, joins.count(1, List.of()), "the oldest user went first");
        assertEquals(1, joins.count(3, List.of()));
    }
}
