package dev.parley.streams.guild;

import dev.parley.schemas.guild.AddMember;
import dev.parley.schemas.guild.CreateChannel;
import dev.parley.schemas.guild.CreateGuild;
import dev.parley.schemas.guild.CreateMessage;
import dev.parley.schemas.guild.DeleteChannel;
import dev.parley.schemas.guild.DeleteMessage;
import dev.parley.schemas.guild.GuildCommand;
import dev.parley.schemas.guild.GuildEvent;
import dev.parley.schemas.guild.RemoveMember;
import dev.parley.schemas.guild.SyncMemberUser;
import dev.parley.schemas.guild.TriggerTyping;
import dev.parley.schemas.guild.UpdateChannel;
import dev.parley.schemas.guild.UpdateGuild;
import dev.parley.schemas.ids.SnowflakeGenerator;
import dev.parley.streams.Outcome;
import org.apache.kafka.streams.processor.api.FixedKeyProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorContext;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;
import org.apache.kafka.streams.state.KeyValueStore;

import java.time.Instant;

/**
 * Applies one guild command to the guild's stores and forwards its {@link Outcome}: the events it causes, or a
 * rejection. Runs on the stream thread of the guild's partition, one command at a time per guild: the single
 * writer of each guild's state. Channel and message ids come from this task's snowflake generator.
 */
final class GuildCommandProcessor implements FixedKeyProcessor<Long, GuildCommand, Outcome<GuildEvent>> {
    private final int historyLimit;
    private FixedKeyProcessorContext<Long, Outcome<GuildEvent>> context;
    private KeyValueStore<Integer, Long> idFloor;
    private SnowflakeGenerator generator;
    private int partition;
    private GuildCommands guilds;
    private MessageCommands messages;

    GuildCommandProcessor(int historyLimit) {
        this.historyLimit = historyLimit;
    }

    @Override
    public void init(FixedKeyProcessorContext<Long, Outcome<GuildEvent>> context) {
        this.context = context;
        this.partition = context.taskId().partition();
        this.idFloor = context.getStateStore(GuildStores.ID_FLOOR);
        this.generator = SnowflakeGenerator.forPartition(partition, context::currentSystemTimeMs);
        Long floor = idFloor.get(partition);
        if (floor != null) generator.skipPast(floor);
        GuildState state = new GuildState(context, historyLimit);
        this.guilds = new GuildCommands(state, this::nextId);
        this.messages = new MessageCommands(state, this::nextId);
    }

    @Override
    public void process(FixedKeyRecord<Long, GuildCommand> record) {
        GuildCommand command = record.value();
        if (command == null) return;
        Instant at = Instant.ofEpochMilli(record.timestamp());
        Outcome<GuildEvent> outcome;
        if (command instanceof CreateMessage c) outcome = messages.create(c);
        else if (command instanceof TriggerTyping c) outcome = messages.typing(c, at);
        else if (command instanceof DeleteMessage c) outcome = messages.delete(c);
        else if (command instanceof CreateGuild c) outcome = guilds.create(c, at);
        else if (command instanceof UpdateGuild c) outcome = guilds.update(c);
        else if (command instanceof CreateChannel c) outcome = guilds.createChannel(c);
        else if (command instanceof UpdateChannel c) outcome = guilds.updateChannel(c);
        else if (command instanceof DeleteChannel c) outcome = guilds.deleteChannel(c);
        else if (command instanceof AddMember c) outcome = guilds.addMember(c, at);
        else if (command instanceof RemoveMember c) outcome = guilds.removeMember(c);
        else if (command instanceof SyncMemberUser c) outcome = guilds.syncMemberUser(c);
        else throw new IllegalStateException("unhandled command " + command.getClass().getSimpleName());
        context.forward(record.withValue(outcome));
    }

    private long nextId() {
        long id = generator.next();
        idFloor.put(partition, id);
        return id;
    }
}
