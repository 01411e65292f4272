package dev.parley.streams.user;

import dev.parley.schemas.user.UserEvent;
import dev.parley.schemas.user.UserGuildJoined;
import dev.parley.schemas.user.UserGuildLeft;
import dev.parley.schemas.user.UserGuilds;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

import java.util.List;

/** Keeps each user's guild list and announces each real change on {@code user-events}. */
final class UserGuildsUpdater implements Processor<Long, MembershipChange, Long, UserEvent> {
    private ProcessorContext<Long, UserEvent> context;
    private KeyValueStore<Long, UserGuilds> guilds;

    @Override
    public void init(ProcessorContext<Long, UserEvent> context) {
        this.context = context;
        this.guilds = context.getStateStore(UserStores.USER_GUILDS);
    }

    @Override
    public void process(Record<Long, MembershipChange> record) {
        MembershipChange change = record.value();
        if (change == null) return;
        UserGuilds known = guilds.get(change.userId());
        UserGuilds current = known == null ? new UserGuilds(List.of()) : known;
        boolean member = current.guildIds().contains(change.guildId());
        if (change.joined() && !member) {
            guilds.put(change.userId(), current.with(change.guildId()));
            context.forward(record.withValue(new UserGuildJoined(change.userId(), change.guildId(), change.partition(),
                    change.offset())));
        } else if (!change.joined() && member) {
            guilds.put(change.userId(), current.without(change.guildId()));
            context.forward(record.withValue(new UserGuildLeft(change.userId(), change.guildId())));
        }
    }
}
