package dev.parley.gateway.session;

import org.junit.jupiter.api.Test;

import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;

class IdentifySlotsTest {
    private final AtomicLong clock = new AtomicLong(1_000_000);
    private final IdentifySlots slots = new IdentifySlots(2, 5_000, 12_000, clock::get);

    @Test
    void shouldHoldEachFurtherIdentifyOfABucketUntilItsSlot() {
        assertEquals(0, slots.reserve(1, 0));
        assertEquals(5_000, slots.reserve(1, 0));
        assertEquals(10_000, slots.reserve(1, 2), "shard 2 is in bucket 2 % 2 = 0");
        clock.addAndGet(1_000);
        assertEquals(-1, slots.reserve(1, 4), "its slot would be 14 s away, beyond the 12 s wait");
        assertEquals(14_000, slots.untilFree(1, 0), "a refused IDENTIFY takes no slot");
    }

    @Test
    void shouldAdmitOtherBucketsAndOtherUsersAtOnce() {
        assertEquals(0, slots.reserve(1, 0));
        assertEquals(0, slots.reserve(1, 1), "shard 1 is in bucket 1");
        assertEquals(0, slots.reserve(2, 0), "another user");
    }

    @Test
    void shouldAdmitAtOnceOnceTheIntervalPassedAndForgetPastSlots() {
        slots.reserve(1, 0);
        clock.addAndGet(5_000);
        assertEquals(0, slots.reserve(1, 0));
        clock.addAndGet(5_000);
        slots.reserve(2, 0);
        assertEquals(1, slots.size(), "user 1's slot passed and was swept");
    }

    @Test
    void shouldAdmitEverythingAtOnceWithoutAnInterval() {
        IdentifySlots open = new IdentifySlots(1, 0, 0, clock::get);
        for (int i = 0; i < 10; i++) assertEquals(0, open.reserve(1, 0));
        assertEquals(0, open.size());
    }
}
