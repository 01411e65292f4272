package dev.parley.gateway.session;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

class ReplayBufferTest {

    @Test
    void shouldReturnExactlyTheFramesAfterASequenceInOrder() {
        ReplayBuffer buffer = new ReplayBuffer(10, 1 << 20);
        for (int s = 1; s <= 5; s++) buffer.add(s, new byte[]{(byte) s});
        List<byte[]> after = buffer.after(2, 5);
        assertEquals(List.of(3, 4, 5), after.stream().map(b -> (int) b[0]).toList());
        assertEquals(List.of(), buffer.after(5, 5));
    }

    @Test
    void shouldForgetTheOldestFramesPastEitherBoundAndSaySo() {
        ReplayBuffer byCount = new ReplayBuffer(3, 1 << 20);
        for (int s = 1; s <= 5; s++) byCount.add(s, new byte[]{(byte) s});
        assertNull(byCount.after(1, 5), "s=2 is gone");
        assertEquals(3, byCount.after(2, 5).size());

        ReplayBuffer byBytes = new ReplayBuffer(100, 250);
        for (int s = 1; s <= 5; s++) byBytes.add(s, new byte[100]);
        assertEquals(200, byBytes.bytes());
        assertNull(byBytes.after(2, 5));
        assertEquals(2, byBytes.after(3, 5).size());
    }
}
