package dev.parley.gateway.rest;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

class RecentJoinsTest {
    private final AtomicLong clock = new AtomicLong(1_000);
    private final RecentJoins joins = new RecentJoins(10_000, 2, clock::get);

    @Test
    void shouldCountRecentJoinsTheListDoesNotShowYetOnce() {
        joins.reserve(1, 100, List.of(), 10).confirm();
        joins.reserve(1, 101, List.of(), 10).confirm();
        assertEquals(3, joins.count(1, List.of(7L)), "7 listed, 100 and 101 not yet");
        assertEquals(3, joins.count(1, List.of(7L, 100L, 101L)), "listed now: counted once");
        assertEquals(0, joins.count(2, List.of()));
    }

    @Test
    void shouldForgetJoinsAfterTheWindowAndBeyondTheUserBound() {
        joins.reserve(1, 100, List.of(), 10).confirm();
        clock.addAndGet(10_001);
        assertEquals(0, joins.count(1, List.of()), "expired");
        joins.reserve(1, 100, List.of(), 10).confirm();
        joins.reserve(2, 200, List.of(), 10).confirm();
        joins.reserve(3, 300, List.of(), 10).confirm();
        assertEquals(0, joins.count(1, List.of()), "the oldest user went first");
        assertEquals(1, joins.count(3, List.of()));
    }

    @Test
    void shouldRefuseAReservationAtTheMaximumAndGiveAPlaceBackOnRelease() {
        RecentJoins.Reservation first = joins.reserve(1, 100, List.of(7L), 3);
        RecentJoins.Reservation second = joins.reserve(1, 101, List.of(7L), 3);
        assertNotNull(first);
        assertNotNull(second);
        assertNull(joins.reserve(1, 102, List.of(7L), 3), "7, 100 and 101: full while the two joins are pending");
        assertNotNull(joins.reserve(1, 7, List.of(7L), 3), "a guild already counted needs no place");
        second.release();
        second.release();
        assertEquals(2, joins.count(1, List.of(7L)), "released once");
        first.confirm();
        first.release();
        assertEquals(2, joins.count(1, List.of(7L)), "a confirmed join is not given back");
        assertNotNull(joins.reserve(1, 102, List.of(7L), 3));
    }

    @Test
    void shouldAdmitExactlyTheRoomLeftToConcurrentReservations() throws Exception {
        RecentJoins table = new RecentJoins(60_000, 1000, clock::get);
        List<Long> known = List.of(1L, 2L, 3L);
        int threads = 16;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch go = new CountDownLatch(1);
        try {
            List<Future<RecentJoins.Reservation>> attempts = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                long guild = 1_000 + i;
                attempts.add(pool.submit(() -> {
                    go.await();
                    return table.reserve(42, guild, known, 10);
                }));
            }
            go.countDown();
            List<RecentJoins.Reservation> admitted = new ArrayList<>();
            for (Future<RecentJoins.Reservation> attempt : attempts) {
                RecentJoins.Reservation reservation = attempt.get(10, TimeUnit.SECONDS);
                if (reservation != null) admitted.add(reservation);
            }
            assertEquals(7, admitted.size(), "10 at most, 3 known: 7 places, whatever the interleaving");
            assertEquals(10, table.count(42, known));
            admitted.get(0).release();
            assertEquals(9, table.count(42, known));
        } finally {
            pool.shutdownNow();
        }
    }
}
