package dev.parley.ops;

import java.util.concurrent.CountDownLatch;

/** Blocks the main thread until the JVM is asked to stop (Ctrl-C, SIGTERM), then runs the stop action once. */
final class ShutdownLatch {

    private ShutdownLatch() {
    }

    /** Registers {@code stop} as a shutdown hook and waits until it has run. */
    static void awaitShutdown(Runnable stop) {
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                stop.run();
            } finally {
                stopped.countDown();
            }
        }, "parley-shutdown"));
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
