package dev.parley.gateway.session;

import org.xnio.XnioExecutor;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * The I/O thread a connection's state is confined to, and the way tasks and asynchronous answers are handed back to
 * it. Once the listener has stopped the thread takes no more tasks: {@code stopped} then runs (the connection counts
 * as closing), a task is dropped, and a future that was to complete there fails instead, with
 * {@link AbandonedException} on a pool thread, so that a chain of stages still comes to its end without running on the
 * wrong thread, and gives back what it holds. Thread-safe.
 */
final class ConnectionThread {
    private final XnioExecutor io;
    private final Runnable stopped;

    ConnectionThread(XnioExecutor io, Runnable stopped) {
        this.io = io;
        this.stopped = stopped;
    }

    /** Runs {@code task} on the I/O thread; dropped when the listener has already stopped. Any thread. */
    void execute(Runnable task) {
        try {
            io.execute(task);
        } catch (RejectedExecutionException e) {
            stopped.run();
        }
    }

    /** A future completed as {@code answer}, on the I/O thread (see the class comment for a stopped listener). */
    <T> CompletableFuture<T> handBack(CompletionStage<T> answer) {
        CompletableFuture<T> back = new CompletableFuture<>();
        answer.whenComplete((value, error) -> run(back, () -> {
            if (error == null) {
                back.complete(value);
            } else {
                back.completeExceptionally(error);
            }
        }));
        return back;
    }

    /** A future completed on the I/O thread in a task of its own. */
    CompletableFuture<Void> next() {
        CompletableFuture<Void> due = new CompletableFuture<>();
        run(due, () -> due.complete(null));
        return due;
    }

    /** A future completed on the I/O thread {@code millis} from now. */
    CompletableFuture<Void> after(long millis) {
        CompletableFuture<Void> due = new CompletableFuture<>();
        try {
            io.executeAfter(() -> due.complete(null), millis, TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            abandon(due);
        }
        return due;
    }

    private void run(CompletableFuture<?> due, Runnable completion) {
        try {
            io.execute(completion);
        } catch (RejectedExecutionException e) {
            abandon(due);
        }
    }

    private void abandon(CompletableFuture<?> due) {
        stopped.run();
        CompletableFuture.runAsync(() -> due.completeExceptionally(new AbandonedException("the listener stopped")));
        // not on this thread: no deep hand-over chains
    }
}
