package dev.parley.gateway.session;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class StartGateTest {
    private final List<Integer> started = new ArrayList<>();
    private final List<CompletableFuture<String>> running = new ArrayList<>();

    /** A start that records that it ran and finishes when the test completes its future. */
    private CompletableFuture<String> start(StartGate gate, int n) {
        return gate.run(() -> {
            started.add(n);
            CompletableFuture<String> work = new CompletableFuture<>();
            running.add(work);
            return work;
        });
    }

    @Test
    void shouldRunAtMostTheLimitAtOnceAndTheRestInArrivalOrder() {
        StartGate gate = new StartGate(2, 10);
        for (int i = 0; i < 5; i++) start(gate, i);
        assertEquals(List.of(0, 1), started);
        assertEquals(3, gate.waiting());

        running.get(1).complete("ready");
        assertEquals(List.of(0, 1, 2), started);
        assertEquals(2, gate.inFlight());
        running.get(0).complete("ready");
        running.get(2).complete("ready");
        assertEquals(List.of(0, 1, 2, 3, 4), started);
        running.get(3).complete("ready");
        running.get(4).complete("ready");
        assertEquals(0, gate.inFlight());
        assertEquals(0, gate.waiting());
    }

    @Test
    void shouldRefuseWhenTooManyWaitAndNeverRunTheRefusedStart() {
        StartGate gate = new StartGate(1, 1);
        start(gate, 0);
        start(gate, 1);
        CompletableFuture<String> third = start(gate, 2);
        CompletionException refused = assertThrows(CompletionException.class, third::join,
                "one running, one waiting: the third is refused");
        assertInstanceOf(StartGate.FullException.class, refused.getCause());
        running.get(0).complete("ready");
        running.get(1).complete("ready");
        assertEquals(List.of(0, 1), started, "the refused start never ran");
        assertEquals(0, gate.inFlight(), "and held no turn");
    }

    @Test
    void shouldGiveOneTurnBackWhenAStartCompletesHoweverItCompletes() {
        StartGate gate = new StartGate(1, 10);
        CompletableFuture<String> failing = start(gate, 0);
        CompletableFuture<String> throwing = gate.run(() -> {
            started.add(1);
            throw new IllegalStateException("state unavailable");
        });
        CompletableFuture<String> returningNull = gate.run(() -> {
            started.add(2);
            return null;
        });
        CompletableFuture<String> succeeding = start(gate, 3);
        CompletableFuture<String> last = start(gate, 4);
        assertEquals(List.of(0), started);

        running.get(0).completeExceptionally(new IllegalStateException("token revoked"));
        assertEquals(List.of(0, 1, 2, 3), started, "a failed start, a start that threw and one that returned nothing "
                + "each gave back exactly one turn");
        assertEquals(1, gate.inFlight());
        assertEquals(1, gate.waiting(), "the last start still waits for the turn the running one holds");
        assertTrue(failing.isCompletedExceptionally() && throwing.isCompletedExceptionally()
                && returningNull.isCompletedExceptionally());

        running.get(1).complete("ready");
        assertEquals("ready", succeeding.join());
        assertEquals(List.of(0, 1, 2, 3, 4), started);
        running.get(2).complete("ready");
        assertEquals("ready", last.join());
        assertEquals(0, gate.inFlight());
    }

    @Test
    void shouldKeepTheTurnUntilTheStartItselfCompletesEvenWhenItsCallerGivesUp() {
        StartGate gate = new StartGate(1, 10);
        CompletableFuture<String> abandoned = start(gate, 0);
        start(gate, 1);
        abandoned.cancel(true); // the client left: its reads are still in flight
        assertEquals(1, gate.inFlight());
        assertEquals(List.of(0), started, "no second start while the first one's reads go on");

        running.get(0).completeExceptionally(new IllegalStateException("session ended"));
        assertEquals(List.of(0, 1), started);
        running.get(1).complete("ready");
        assertEquals(0, gate.inFlight());
    }
}
