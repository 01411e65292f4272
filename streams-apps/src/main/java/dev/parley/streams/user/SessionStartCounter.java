package dev.parley.streams.user;

import dev.parley.schemas.session.SessionEvent;
import dev.parley.schemas.session.SessionStarted;
import dev.parley.schemas.session.SessionStarts;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

/** Records each {@link SessionStarted} in the user's {@link SessionStarts}; forwards nothing. */
final class SessionStartCounter implements Processor<Long, SessionEvent, Void, Void> {
    private KeyValueStore<Long, SessionStarts> starts;

    @Override
    public void init(ProcessorContext<Void, Void> context) {
        this.starts = context.getStateStore(UserStores.SESSION_STARTS);
    }

    @Override
    public void process(Record<Long, SessionEvent> record) {
        if (record.value() instanceof SessionStarted started) {
            SessionStarts known = starts.get(started.userId());
            SessionStarts base = known == null ? new SessionStarts(java.util.List.of()) : known;
            starts.put(started.userId(), base.plus(started.at()));
        }
    }
}
