package dev.parley.gateway.ratelimit;

import dev.parley.kafka.testkit.Eventually;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RateWindowsTest {
    private static final Rate FIVE_PER_FIVE_SECONDS = Rate.of(5, Duration.ofSeconds(5));
    private final AtomicLong clock = new AtomicLong(1_000_000);
    private final RateWindows buckets = new RateWindows("test", 100, clock::get);

    @Test
    void shouldAllowTheLimitWithinAWindowThenRefuseUntilItEnds() {
        for (int i = 1; i <= 5; i++) {
            RateWindows.Verdict verdict = buckets.take("k", FIVE_PER_FIVE_SECONDS);
            assertTrue(verdict.allowed());
            assertEquals(5, verdict.limit());
            assertEquals(5 - i, verdict.remaining());
            assertEquals(1_005_000, verdict.resetAtMillis(), "the window starts with its first request");
        }
        clock.addAndGet(4_999);
        RateWindows.Verdict refused = buckets.take("k", FIVE_PER_FIVE_SECONDS);
        assertFalse(refused.allowed());
        assertEquals(0, refused.remaining());
        assertEquals(1, refused.resetAfterMillis(clock.get()));
        clock.addAndGet(1);
        RateWindows.Verdict fresh = buckets.take("k", FIVE_PER_FIVE_SECONDS);
        assertTrue(fresh.allowed());
        assertEquals(4, fresh.remaining());
        assertEquals(1_010_000, fresh.resetAtMillis());
    }

    @Test
    void shouldCountEachKeyOnItsOwn() {
        for (int i = 0; i < 5; i++) buckets.take("a", FIVE_PER_FIVE_SECONDS);
        assertFalse(buckets.take("a", FIVE_PER_FIVE_SECONDS).allowed());
        assertTrue(buckets.take("b", FIVE_PER_FIVE_SECONDS).allowed());
    }

    @Test
    void shouldNotCountWhatItOnlyPeeksAt() {
        assertEquals(5, buckets.peek("k", FIVE_PER_FIVE_SECONDS).remaining());
        buckets.take("k", FIVE_PER_FIVE_SECONDS);
        assertEquals(4, buckets.peek("k", FIVE_PER_FIVE_SECONDS).remaining());
        assertEquals(4, buckets.peek("k", FIVE_PER_FIVE_SECONDS).remaining());
    }

    @Test
    void shouldDropEndedWindowsOnTheNextSweepAndOnlyThen() {
        for (int i = 0; i < 50; i++) buckets.take("key" + i, FIVE_PER_FIVE_SECONDS);
        assertEquals(50, buckets.size());
        clock.addAndGet(5_000);
        buckets.take("another", FIVE_PER_FIVE_SECONDS);
        assertEquals(51, buckets.size(), "a request never sweeps: the sweeper's thread does");
        buckets.sweep();
        assertEquals(1, buckets.size(), "only the window still open is kept");
    }

    @Test
    void shouldSweepEveryTableItMadeOnItsOwnThread() {
        try (WindowSweeper sweeper = new WindowSweeper(Duration.ofMillis(20), clock::get)) {
            RateWindows users = sweeper.table("users", 10);
            RateWindows addresses = sweeper.table("addresses", 10);
            users.take("u", FIVE_PER_FIVE_SECONDS);
            addresses.take("a", FIVE_PER_FIVE_SECONDS);
            clock.addAndGet(5_000);
            Eventually.await(Duration.ofSeconds(10), "both tables swept",
                    () -> users.size() == 0 && addresses.size() == 0);
        }
    }

    @Test
    void shouldKeepEachScopesTableToItselfWhenOneIsFull() {
        try (WindowSweeper sweeper = new WindowSweeper(Duration.ofHours(1), clock::get)) {
            RateWindows addresses = sweeper.table("addresses", 3);
            RateWindows users = sweeper.table("users", 3);
            for (int i = 0; i < 10; i++) addresses.take("address" + i, FIVE_PER_FIVE_SECONDS);
            assertEquals(3, addresses.size(), "full");
            assertTrue(users.take("a user", FIVE_PER_FIVE_SECONDS).allowed(), "a flood of addresses refuses no user");
        }
    }

    @Test
    void shouldRefuseNewKeysWhenFullButKeepCountingTheKnownOnes() {
        RateWindows small = new RateWindows("test", 3, clock::get);
        for (String key : new String[]{"a", "b", "c"}) assertTrue(small.take(key, FIVE_PER_FIVE_SECONDS).allowed());
        RateWindows.Verdict newcomer = small.take("d", FIVE_PER_FIVE_SECONDS);
        assertFalse(newcomer.allowed(), "a full table evicts nobody");
        assertEquals(5_000, newcomer.resetAfterMillis(clock.get()));
        assertTrue(small.take("a", FIVE_PER_FIVE_SECONDS).allowed());
        assertEquals(3, small.size());
        clock.addAndGet(5_000);
        small.sweep();
        assertTrue(small.take("d", FIVE_PER_FIVE_SECONDS).allowed(), "room again once the ended windows are swept");
    }

    @Test
    void shouldReadAndWriteRatesAsLimitSlashWindow() {
        assertEquals(Rate.of(5, Duration.ofSeconds(5)), Rate.parse("5/5s"));
        assertEquals(Rate.of(10, Duration.ofMinutes(1)), Rate.parse(" 10 / 1m "));
        assertEquals("50/1s", Rate.of(50, Duration.ofSeconds(1)).toString());
        assertEquals("3/250ms", Rate.of(3, Duration.ofMillis(250)).toString());
        for (String bad : new String[]{"5", "/5s", "5/", "0/1s", "5/0s", "x/1s"}) {
            try {
                Rate.parse(bad);
                throw new AssertionError("accepted " + bad);
            } catch (IllegalArgumentException expected) {
                // as it should
            }
        }
    }
}
