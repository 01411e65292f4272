package dev.parley.streams.presence;

import dev.parley.schemas.session.SessionCheckpoint;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Keeps the latest checkpoint of every session ({@code session-checkpoints}, in its user's partition) in a store
 * that the state query API serves, so that a gateway asked to RESUME a session it does not hold finds it with one
 * read: a tombstone removes it. A gateway rewrites even an unchanged session's checkpoint every
 * {@code gateway.session-checkpoint.refresh}; one not rewritten for {@code maxAge} (its gateway died, or the tombstone
 * was lost) is removed, swept once per {@code sweep} of wall-clock time.
 */
final class CheckpointRecorder implements Processor<String, SessionCheckpoint, Void, Void> {
    private final Duration maxAge;
    private final Duration sweep;
    private KeyValueStore<String, SessionCheckpoint> checkpoints;

    /** @param maxAge {@code presence.session-checkpoint.max-age} */
    CheckpointRecorder(Duration maxAge, Duration sweep) {
        this.maxAge = maxAge;
        this.sweep = sweep;
    }

    @Override
    public void init(ProcessorContext<Void, Void> context) {
        this.checkpoints = context.getStateStore(PresenceStores.SESSION_CHECKPOINTS);
        context.schedule(sweep, PunctuationType.WALL_CLOCK_TIME, this::removeExpired);
    }

    @Override
    public void process(Record<String, SessionCheckpoint> record) {
        if (record.key() == null) return;
        if (record.value() == null) checkpoints.delete(record.key());
        else checkpoints.put(record.key(), record.value());
    }

    private void removeExpired(long nowMillis) {
        long oldest = nowMillis - maxAge.toMillis();
        List<String> expired = new ArrayList<>();
        try (KeyValueIterator<String, SessionCheckpoint> all = checkpoints.all()) {
            while (all.hasNext()) {
                KeyValue<String, SessionCheckpoint> entry = all.next();
                if (entry.value.at() < oldest) expired.add(entry.key);
            }
        }
        expired.forEach(checkpoints::delete);
    }
}
