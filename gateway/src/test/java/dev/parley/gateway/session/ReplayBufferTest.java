package dev.parley.gateway.session;

import dev.parley.gateway.protocol.Dispatch;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

class ReplayBufferTest {

    private static Dispatch dispatch(int n, int bytes) {
        byte[] payload = new byte[bytes];
        payload[0] = (byte) n;
        return Dispatch.of("T", payload);
    }

    @Test
    void shouldReturnExactlyTheDispatchesAfterASequenceInOrderGrowingAsNeeded() {
        ReplayBuffer buffer = new ReplayBuffer(100, 1 << 20);
        for (int s = 1; s <= 50; s++) buffer.add(s, dispatch(s, 1));
        List<Dispatch> after = buffer.after(47, 50);
        assertEquals(List.of(48, 49, 50), after.stream().map(d -> (int) d.payload()[0]).toList());
        assertEquals(50, buffer.after(0, 50).size());
        assertEquals(List.of(), buffer.after(50, 50));
    }

    @Test
    void shouldShareTheDispatchNotCopyIt() {
        ReplayBuffer buffer = new ReplayBuffer(10, 1 << 20);
        Dispatch shared = dispatch(1, 10);
        buffer.add(1, shared);
        assertSame(shared, buffer.after(0, 1).get(0));
    }

    @Test
    void shouldForgetTheOldestPastEitherBoundAndSaySo() {
        ReplayBuffer byCount = new ReplayBuffer(3, 1 << 20);
        for (int s = 1; s <= 5; s++) byCount.add(s, dispatch(s, 1));
        assertNull(byCount.after(1, 5), "s=2 is gone");
        assertEquals(List.of(3, 4, 5), byCount.after(2, 5).stream().map(d -> (int) d.payload()[0]).toList());

        int frame = dispatch(0, 100).wireBytes();
        ReplayBuffer byBytes = new ReplayBuffer(100, 2L * frame + frame / 2);
        for (int s = 1; s <= 5; s++) byBytes.add(s, dispatch(s, 100));
        assertEquals(2L * frame, byBytes.bytes());
        assertNull(byBytes.after(2, 5));
        assertEquals(2, byBytes.after(3, 5).size());
    }

    @Test
    void shouldHoldNothingButStillKnowItsSequenceWhenOneDispatchIsOverTheByteBound() {
        ReplayBuffer buffer = new ReplayBuffer(10, 50);
        buffer.add(1, dispatch(1, 10));
        buffer.add(2, dispatch(2, 500));
        assertEquals(0, buffer.bytes());
        assertNull(buffer.after(1, 2));
        assertEquals(List.of(), buffer.after(2, 2));
        buffer.add(3, dispatch(3, 1));
        assertEquals(1, buffer.after(2, 3).size());
    }
}
