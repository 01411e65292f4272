package dev.parley.gateway.session;

import org.junit.jupiter.api.Test;
import org.xnio.XnioExecutor;

import java.util.ArrayDeque;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ConnectionThreadTest {
    /** An I/O thread the test runs by hand; once stopped it takes no more tasks, as XNIO's after its worker stopped. */
    private static final class FakeIoThread implements XnioExecutor {
        final Queue<Runnable> tasks = new ArrayDeque<>();
        boolean stopped;

        @Override
        public void execute(Runnable task) {
            if (stopped) throw new RejectedExecutionException("stopped");
            tasks.add(task);
        }

        @Override
        public Key executeAfter(Runnable task, long time, TimeUnit unit) {
            execute(task);
            return () -> tasks.remove(task);
        }

        @Override
        public Key executeAtInterval(Runnable task, long time, TimeUnit unit) {
            return executeAfter(task, time, unit);
        }

        void runAll() {
            while (!tasks.isEmpty()) tasks.poll().run();
        }
    }

    private final FakeIoThread io = new FakeIoThread();
    private boolean closing;
    private final ConnectionThread thread = new ConnectionThread(io, () -> closing = true);

    @Test
    void shouldCompleteAnAnswerOnlyInATaskOfTheIoThread() {
        CompletableFuture<String> answer = new CompletableFuture<>();
        CompletableFuture<String> back = thread.handBack(answer);
        answer.complete("user");
        assertFalse(back.isDone(), "not on the thread that answered");
        io.runAll();
        assertEquals("user", back.join());
    }

    @Test
    void shouldFailWhatWasDueOnTheIoThreadWithAbandonedOnceTheListenerStopped() {
        CompletableFuture<String> answer = new CompletableFuture<>();
        CompletableFuture<String> back = thread.handBack(answer);
        io.stopped = true;
        answer.complete("user");
        CompletionException failed = assertThrows(CompletionException.class, back::join);
        assertInstanceOf(AbandonedException.class, failed.getCause());
        assertInstanceOf(AbandonedException.class, assertThrows(CompletionException.class, thread.next()::join).getCause());
        assertInstanceOf(AbandonedException.class, assertThrows(CompletionException.class, thread.after(5)::join).getCause());
        assertTrue(closing, "the connection counts as closing");
    }

    @Test
    void shouldDropATaskOnceTheListenerStopped() {
        io.stopped = true;
        thread.execute(() -> {
            throw new AssertionError("ran after the listener stopped");
        });
        assertTrue(closing);
    }
}
