package dev.parley.gateway.session;

import dev.parley.gateway.protocol.Dispatch;
import dev.parley.gateway.metrics.GatewayMetrics;
import dev.parley.gateway.protocol.V10JsonCodec;

import java.util.ArrayDeque;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;

/**
 * One connection's outbound queue, bounded in bytes. Frames are queued from any thread (dispatches as the shared
 * {@link Dispatch} and their sequence number, so a backlog costs a few dozen bytes per frame, not a copy) and
 * written on the connection's I/O thread in batches: at most {@code batchBytes} are handed to the socket at once, and
 * once half of them are written, what piled up meanwhile goes out in the next batch, in one I/O task. A slow reader's backlog therefore
 * waits here, counted against its cap, and never as encoded buffers.
 *
 * <p>Queued bytes are the frames' sizes on the wire, from queueing until written. Over half of {@code capBytes} the
 * outbox is <em>congested</em> (its session sheds what it may); it stays so until it drains below a quarter, when
 * {@code relieved} runs on the I/O thread (as a task of its own, outside any lock). A frame that would take it over {@code capBytes} is refused: the caller
 * closes the connection.
 *
 * <p>Thread-safe. {@code writer} is called on the I/O thread only, never under this object's lock.
 */
final class Outbox {
    /**
     * Writes one encoded frame and then, once it is written or has failed, calls {@link #written} with {@code bytes}.
     * {@code eventTimeMillis} is the dispatch's event time for the first dispatch of each batch, else 0.
     */
    interface FrameWriter {
        void write(byte[] frame, int bytes, long eventTimeMillis);
    }

    /** A frame to write: a complete one, or a dispatch and its sequence number; or, with neither, an action. */
    private record Queued(long sequence, Dispatch dispatch, byte[] frame, int bytes, Runnable action) {
        byte[] encode() {
            return frame != null ? frame : V10JsonCodec.dispatch(dispatch.type(), sequence, dispatch.payload());
        }
    }

    private final Executor io;
    private final FrameWriter writer;
    private final long capBytes;
    private final long batchBytes;
    private final GatewayMetrics metrics;
    private final Runnable relieved;
    private final ArrayDeque<Queued> pending = new ArrayDeque<>();
    private long pendingBytes;
    private long inFlightBytes;
    /** Of {@link #pendingBytes}, those counted in {@link GatewayMetrics#awaitingIoBytes()}: all while a flush is scheduled. */
    private long awaitingIoBytes;
    /** Bytes of a RESUME's replay not yet written: they may exceed the cap (the replay buffer bounds them). */
    private long replayAllowance;
    private boolean flushScheduled;
    private boolean flushing;
    private boolean congested;
    private boolean closed;

    Outbox(Executor io, FrameWriter writer, long capBytes, long batchBytes, GatewayMetrics metrics, Runnable relieved) {
        this.io = io;
        this.writer = writer;
        this.capBytes = capBytes;
        this.batchBytes = batchBytes;
        this.metrics = metrics;
        this.relieved = relieved;
    }

    /** Queues a complete frame; false if it does not fit. */
    boolean offer(byte[] frame) {
        return offer(new Queued(0, null, frame, frame.length, null), true);
    }

    /** Queues dispatch {@code sequence}; false if it does not fit. */
    boolean offer(long sequence, Dispatch dispatch) {
        return offer(new Queued(sequence, dispatch, null, dispatch.wireBytes(), null), true);
    }

    /** Queues dispatch {@code sequence} whatever the cap (a RESUME's replay, itself bounded by the replay buffer). */
    void offerReplay(long sequence, Dispatch dispatch) {
        synchronized (this) {
            replayAllowance += dispatch.wireBytes();
        }
        offer(new Queued(sequence, dispatch, null, dispatch.wireBytes(), null), false);
    }

    /**
     * Runs {@code action} on the I/O thread once everything queued before it has been handed to the socket (e.g.
     * sending a close frame after the frames that precede it).
     *
     * @return false when the outbox is closed: the caller runs the action itself
     */
    boolean offerLast(Runnable action) {
        synchronized (this) {
            if (closed) return false;
            pending.addLast(new Queued(0, null, null, 0, action));
            if (!flushScheduled && !flushing) scheduleFlush();
            return !closed;
        }
    }

    private boolean offer(Queued frame, boolean bounded) {
        synchronized (this) {
            if (closed) return true;
            if (bounded && queuedBytes() + frame.bytes > capBytes + replayAllowance) return false;
            pending.addLast(frame);
            pendingBytes += frame.bytes;
            if (queuedBytes() > capBytes / 2) congested = true;
            if (flushScheduled) {
                awaitingIoBytes += frame.bytes;
                metrics.awaitingIo(frame.bytes);
                return true;
            }
            if (flushing || inFlightBytes >= batchBytes) return true;
            scheduleFlush();
        }
        return true;
    }

    /** Whether the queue is over half full and has not yet drained below a quarter. */
    synchronized boolean congested() {
        return congested;
    }

    /** Bytes queued and not yet written. */
    synchronized long queuedBytes() {
        return pendingBytes + inFlightBytes;
    }

    /** A frame of {@code bytes} has been written (or failed). I/O thread. */
    void written(int bytes) {
        boolean relief = false;
        synchronized (this) {
            inFlightBytes -= bytes;
            replayAllowance = Math.max(0, replayAllowance - bytes); // the replay is written first: FIFO
            if (!flushScheduled && !flushing && !closed && !pending.isEmpty() && inFlightBytes <= batchBytes / 2) {
                scheduleFlush();
            }
            if (congested && queuedBytes() < capBytes / 4) {
                congested = false;
                relief = !closed;
            }
        }
        if (relief) runOnIo(relieved); // not here: Undertow may call this under its channel lock
    }

    /** Drops everything queued; later frames are ignored. */
    void close() {
        synchronized (this) {
            closed = true;
            pending.clear();
            pendingBytes = 0;
            metrics.awaitingIo(-awaitingIoBytes);
            awaitingIoBytes = 0;
        }
    }

    /** Under the lock. */
    private void scheduleFlush() {
        flushScheduled = true;
        awaitingIoBytes = pendingBytes;
        metrics.awaitingIo(pendingBytes);
        try {
            io.execute(this::flush);
        } catch (RejectedExecutionException stopping) {
            flushScheduled = false;
            closed = true;
            metrics.awaitingIo(-awaitingIoBytes);
            awaitingIoBytes = 0;
        }
    }

    private void runOnIo(Runnable task) {
        try {
            io.execute(task);
        } catch (RejectedExecutionException stopping) {
            // the listener stopped: nothing more is written
        }
    }

    /** Hands the next batch to the writer. I/O thread. */
    private void flush() {
        synchronized (this) {
            flushScheduled = false;
            metrics.awaitingIo(-awaitingIoBytes);
            awaitingIoBytes = 0;
            flushing = true;
            metrics.queueSampled(queuedBytes());
        }
        boolean timed = false; // one dispatch delay per batch: the others follow it within microseconds
        try {
            while (true) {
                Queued next;
                synchronized (this) {
                    if (closed || pending.isEmpty() || inFlightBytes >= batchBytes) break;
                    next = pending.pollFirst();
                    pendingBytes -= next.bytes;
                    inFlightBytes += next.bytes;
                }
                if (next.action != null) {
                    next.action.run();
                    continue;
                }
                long eventTime = next.dispatch == null || timed ? 0 : next.dispatch.eventTimeMillis();
                timed |= eventTime > 0;
                writer.write(next.encode(), next.bytes, eventTime);
            }
        } finally {
            synchronized (this) {
                flushing = false;
                if (!closed && !pending.isEmpty() && inFlightBytes < batchBytes) scheduleFlush();
            }
        }
    }
}
