package dev.parley.streams.user;

import dev.parley.schemas.guild.GuildCreated;
import dev.parley.schemas.guild.GuildEvent;
import dev.parley.schemas.guild.GuildMemberAdded;
import dev.parley.schemas.guild.GuildMemberRemoved;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;

/** Turns membership events of {@code guild-events} into {@link MembershipChange}s keyed by user. */
final class MembershipChanges implements Processor<Long, GuildEvent, Long, MembershipChange> {
    private ProcessorContext<Long, MembershipChange> context;

    @Override
    public void init(ProcessorContext<Long, MembershipChange> context) {
        this.context = context;
    }

    @Override
    public void process(Record<Long, GuildEvent> record) {
        GuildEvent event = record.value();
        long userId;
        boolean joined;
        if (event instanceof GuildCreated created) {
            userId = created.owner().user().id();
            joined = true;
        } else if (event instanceof GuildMemberAdded added) {
            userId = added.member().user().id();
            joined = true;
        } else if (event instanceof GuildMemberRemoved removed) {
            userId = removed.user().id();
            joined = false;
        } else {
            return;
        }
        RecordMetadata where = context.recordMetadata().orElseThrow();
        context.forward(record.withKey(userId).withValue(new MembershipChange(userId, event.guildId(), joined,
                where.partition(), where.offset())));
    }
}
