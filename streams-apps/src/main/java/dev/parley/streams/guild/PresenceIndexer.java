package dev.parley.streams.guild;

import dev.parley.schemas.presence.PresenceUpdate;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

/**
 * Keeps each guild's online members' presences (from {@code presence-updates}, co-partitioned with the guild's
 * commands), for the presences of GUILD_CREATE. Forwards nothing.
 */
final class PresenceIndexer implements Processor<Long, PresenceUpdate, Void, Void> {
    private final int historyLimit;
    private GuildState state;

    PresenceIndexer(int historyLimit) {
        this.historyLimit = historyLimit;
    }

    @Override
    public void init(ProcessorContext<Void, Void> context) {
        this.state = new GuildState(context, historyLimit);
    }

    @Override
    public void process(Record<Long, PresenceUpdate> record) {
        if (record.value() != null) state.presence(record.value());
    }
}
