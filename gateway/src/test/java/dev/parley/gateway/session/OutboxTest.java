package dev.parley.gateway.session;

import dev.parley.gateway.protocol.Dispatch;
import dev.parley.gateway.metrics.GatewayMetrics;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class OutboxTest {
    private static final int CAP = 10_000;
    private static final int BATCH = 2_000;

    /** The I/O thread: tasks run when the test says so. */
    private final Queue<Runnable> ioTasks = new ArrayDeque<>();
    /** Frames handed to the socket and not yet written, with their accounted bytes. */
    private final Queue<Integer> unwritten = new ArrayDeque<>();
    private final List<String> writes = new ArrayList<>();
    private final GatewayMetrics metrics = new GatewayMetrics("test");
    private int reliefs;
    private final Outbox outbox = new Outbox(ioTasks::add, (frame, bytes, eventTime) -> {
        writes.add(new String(frame, StandardCharsets.UTF_8));
        unwritten.add(bytes);
    }, CAP, BATCH, metrics, () -> reliefs++);

    private void runIo() {
        Runnable task;
        while ((task = ioTasks.poll()) != null) task.run();
    }

    private void writeAll() {
        while (!unwritten.isEmpty()) {
            outbox.written(unwritten.poll());
            runIo();
        }
    }

    private static Dispatch dispatch(int payloadBytes) {
        byte[] payload = new byte[payloadBytes];
        java.util.Arrays.fill(payload, (byte) '1');
        return Dispatch.of("T", payload);
    }

    @Test
    void shouldWriteOnTheIoThreadInOrderSplicingEachSequenceNumber() {
        outbox.offer("{\"op\":11}".getBytes(StandardCharsets.UTF_8));
        outbox.offer(7, Dispatch.of("MESSAGE_CREATE", "{\"a\":1}".getBytes(StandardCharsets.UTF_8)));
        assertTrue(writes.isEmpty(), "nothing is written on the caller's thread");
        assertTrue(metrics.awaitingIoBytes() > 0);

        runIo();

        assertEquals(List.of("{\"op\":11}", "{\"t\":\"MESSAGE_CREATE\",\"s\":7,\"op\":0,\"d\":{\"a\":1}}"), writes);
        assertEquals(0, metrics.awaitingIoBytes());
        writeAll();
        assertEquals(0, outbox.queuedBytes());
    }

    @Test
    void shouldHandTheSocketABatchAtATimeAndTheNextOnceHalfOfItIsWritten() {
        Dispatch frame = dispatch(400 - dispatch(0).wireBytes());
        for (int s = 1; s <= 12; s++) assertTrue(outbox.offer(s, frame));
        runIo();
        assertEquals(5, writes.size(), "2000 bytes in flight at most");
        assertEquals(0, metrics.awaitingIoBytes(), "the rest waits for the socket, not for the I/O thread");

        for (int i = 0; i < 2; i++) outbox.written(unwritten.poll());
        runIo();
        assertEquals(5, writes.size(), "the next batch waits until half of the last is written");
        outbox.written(unwritten.poll());
        runIo();
        assertEquals(8, writes.size(), "then what piled up goes out, up to the bound");
        writeAll();
        assertEquals(12, writes.size());
        assertEquals(0, outbox.queuedBytes());
    }

    @Test
    void shouldBeCongestedOverHalfTheCapUntilBelowAQuarterAndRefuseWhatDoesNotFit() {
        Dispatch frame = dispatch(1000 - dispatch(0).wireBytes());
        for (int s = 1; s <= 5; s++) outbox.offer(s, frame);
        assertFalse(outbox.congested(), "5000 bytes is half, not over");
        outbox.offer(6, frame);
        assertTrue(outbox.congested());
        for (int s = 7; s <= 10; s++) assertTrue(outbox.offer(s, frame));
        assertFalse(outbox.offer(11, frame), "over the cap");
        outbox.offerReplay(11, frame);
        assertEquals(11_000, outbox.queuedBytes(), "a replay is bounded by the replay buffer, not the cap");

        runIo();
        int written = 0;
        while (outbox.queuedBytes() >= CAP / 4) {
            outbox.written(unwritten.poll());
            written++;
            runIo();
            if (outbox.queuedBytes() >= CAP / 4) assertEquals(0, reliefs, "relieved only below a quarter");
        }
        assertEquals(9, written);
        assertFalse(outbox.congested());
        assertEquals(1, reliefs, "relief runs as an I/O task once");
        writeAll();
        assertEquals(11, writes.size());
    }

    @Test
    void shouldDropEverythingQueuedWhenClosedAndGiveBackItsIoBacklog() {
        for (int s = 1; s <= 3; s++) outbox.offer(s, dispatch(100));
        assertTrue(metrics.awaitingIoBytes() > 0);
        outbox.close();
        assertEquals(0, metrics.awaitingIoBytes());
        runIo();
        assertTrue(writes.isEmpty());
        assertTrue(outbox.offer(4, dispatch(100)), "ignored, not refused, once closed");
        runIo();
        assertTrue(writes.isEmpty());
    }
}
