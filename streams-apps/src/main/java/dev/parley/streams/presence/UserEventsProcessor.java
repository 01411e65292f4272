package dev.parley.streams.presence;

import dev.parley.schemas.presence.PresenceUpdate;
import dev.parley.schemas.user.UserEvent;
import dev.parley.schemas.user.UserGuildJoined;
import dev.parley.schemas.user.UserGuildLeft;
import dev.parley.schemas.user.UserUpdated;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

import java.util.List;

/**
 * Keeps the presence app's copy of each user's guilds and profile: a guild the user joins gets their current
 * presence at once, and a renamed user's presence goes again to their guilds, carrying the new user object.
 */
final class UserEventsProcessor implements Processor<Long, UserEvent, Long, PresenceUpdate> {
    private final long maxRecordBytes;
    private PresenceBook book;

    /** @param maxRecordBytes {@code presence.state-record-max-bytes} */
    UserEventsProcessor(long maxRecordBytes) {
        this.maxRecordBytes = maxRecordBytes;
    }

    @Override
    public void init(ProcessorContext<Long, PresenceUpdate> context) {
        this.book = new PresenceBook(context, maxRecordBytes);
    }

    @Override
    public void process(Record<Long, UserEvent> record) {
        UserEvent event = record.value();
        if (event == null) return;
        long userId = event.userId();
        if (event instanceof UserGuildJoined joined) {
            book.guilds(userId, book.guilds(userId).with(joined.guildId()));
            PresenceState state = book.state(userId);
            if (!state.shown().equals(PresenceState.Shown.OFFLINE)) {
                book.announce(userId, state, List.of(joined.guildId()), record.timestamp());
            }
        } else if (event instanceof UserGuildLeft left) {
            book.guilds(userId, book.guilds(userId).without(left.guildId()));
        } else if (event instanceof UserUpdated updated) {
            PresenceState state = book.state(userId).withUser(updated.user());
            book.save(userId, state, record.timestamp());
            if (!state.shown().equals(PresenceState.Shown.OFFLINE)) {
                book.announce(userId, state, book.guilds(userId).guildIds(), record.timestamp());
            }
        }
    }
}
