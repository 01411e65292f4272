package dev.parley.streams.guild;

import dev.parley.schemas.CommandHeaders;
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
import dev.parley.streams.CommandDeadline;
import dev.parley.streams.Outcome;
import org.apache.kafka.streams.processor.api.FixedKeyProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorContext;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;

import java.time.Instant;

/**
 * Applies one guild command to the guild's stores and forwards its {@link Outcome}: the events it causes, or a
 * rejection. Runs on the stream thread of the guild's partition, one command at a time per guild: the single
 * writer of each guild's state. What a command creates has the ids the command brings, and its time is the
 * record's timestamp, so that a command processed again yields the same state, events and reply.
 *
 * <p>A command read after its deadline ({@link CommandHeaders#EXPIRES_AT}) is refused unapplied. A record whose key is
 * not its command's guild throws {@link IllegalArgumentException}: the app's processing exception handler sends it to
 * the dead-letter topic, and the partition goes on.
 */
final class GuildCommandProcessor implements FixedKeyProcessor<Long, GuildCommand, Outcome<GuildEvent>> {
    private final GuildLimits limits;
    private FixedKeyProcessorContext<Long, Outcome<GuildEvent>> context;
    private GuildCommands guilds;
    private MessageCommands messages;

    GuildCommandProcessor(GuildLimits limits) {
        this.limits = limits;
    }

    @Override
    public void init(FixedKeyProcessorContext<Long, Outcome<GuildEvent>> context) {
        this.context = context;
        GuildState state = new GuildState(context, limits.historyPerChannel());
        this.guilds = new GuildCommands(state, limits);
        this.messages = new MessageCommands(state, new MessageNonces(context, limits.nonceWindow()));
    }

    @Override
    public void process(FixedKeyRecord<Long, GuildCommand> record) {
        GuildCommand command = record.value();
        if (command == null) return;
        if (record.key() == null || record.key() != command.guildId()) {
            throw new IllegalArgumentException("record key " + record.key() + " is not the guild_id "
                    + command.guildId() + " of " + command.getClass().getSimpleName() + " " + command.requestId());
        }
        Outcome<GuildEvent> expired = CommandDeadline.refuseIfExpired(command, record.headers(), context.currentSystemTimeMs());
        context.forward(record.withValue(expired != null ? expired : apply(command, Instant.ofEpochMilli(record.timestamp()))));
    }

    private Outcome<GuildEvent> apply(GuildCommand command, Instant at) {
        if (command instanceof CreateMessage c) return messages.create(c, at);
        if (command instanceof TriggerTyping c) return messages.typing(c, at);
        if (command instanceof DeleteMessage c) return messages.delete(c);
        if (command instanceof CreateGuild c) return guilds.create(c, at);
        if (command instanceof UpdateGuild c) return guilds.update(c);
        if (command instanceof CreateChannel c) return guilds.createChannel(c);
        if (command instanceof UpdateChannel c) return guilds.updateChannel(c);
        if (command instanceof DeleteChannel c) return guilds.deleteChannel(c);
        if (command instanceof AddMember c) return guilds.addMember(c, at);
        if (command instanceof RemoveMember c) return guilds.removeMember(c);
        if (command instanceof SyncMemberUser c) return guilds.syncMemberUser(c);
        throw new IllegalStateException("unhandled command " + command.getClass().getSimpleName());
    }
}
