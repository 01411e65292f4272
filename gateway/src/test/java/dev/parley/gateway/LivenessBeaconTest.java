package dev.parley.gateway;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class LivenessBeaconTest {

    @Test
    void shouldBeatThroughTheNextPartitionLedByAnotherBroker() {
        int[] leaders = {1, 2, 3, 1, 1, 1, 2, 3, 1, 2, 3, 1};
        assertEquals(1, LivenessBeacon.twin(0, leaders));
        assertEquals(6, LivenessBeacon.twin(3, leaders), "partitions 4 and 5 share partition 3's leader");
        assertEquals(0, LivenessBeacon.twin(11, new int[] {2, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1}), "wrapping around");
    }

    @Test
    void shouldTakeTheNextPartitionWhenNoOtherLeaderIsKnown() {
        assertEquals(5, LivenessBeacon.twin(4, new int[] {1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1}), "one broker leads all");
        assertEquals(5, LivenessBeacon.twin(4, new int[] {-1, -1, -1, -1, 2, -1, -1, -1, -1, -1, -1, -1}));
        assertEquals(5, LivenessBeacon.twin(4, new int[0]), "no metadata yet");
        assertEquals(0, LivenessBeacon.twin(11, new int[0]));
    }
}
