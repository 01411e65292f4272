package dev.parley.streams.errors;

import dev.parley.schemas.DeadLetters;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * How many records one streams app has sent to the dead-letter topic, per stage; read by the app's metrics.
 * Thread-safe (the handlers run on stream threads and producer callbacks).
 */
public final class DeadLetterCounts {
    /** The configuration key under which an app's handlers find its counts (an object, not text). */
    public static final String CONFIG = "parley.dead-letter-counts";

    private final Map<DeadLetters.Stage, AtomicLong> counts = new EnumMap<>(DeadLetters.Stage.class);

    public DeadLetterCounts() {
        for (DeadLetters.Stage stage : DeadLetters.Stage.values()) counts.put(stage, new AtomicLong());
    }

    void add(DeadLetters.Stage stage) {
        counts.get(stage).incrementAndGet();
    }

    public long count(DeadLetters.Stage stage) {
        return counts.get(stage).get();
    }
}
