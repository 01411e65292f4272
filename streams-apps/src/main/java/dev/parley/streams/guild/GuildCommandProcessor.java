package dev.parley.streams.guild;

import dev.parley.schemas.guild.Channel;
import dev.parley.schemas.guild.CreateGuild;
import dev.parley.schemas.guild.Guild;
import dev.parley.schemas.guild.GuildCommand;
import dev.parley.schemas.guild.GuildCreated;
import dev.parley.schemas.guild.GuildEvent;
import dev.parley.schemas.guild.Member;
import dev.parley.schemas.guild.Role;
import dev.parley.schemas.reply.Rejection;
import dev.parley.streams.Outcome;
import org.apache.kafka.streams.processor.api.FixedKeyProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorContext;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;
import org.apache.kafka.streams.state.KeyValueStore;

import java.time.Instant;
import java.util.List;

/**
 * Applies one guild command to the guild's stores and forwards its {@link Outcome}: the events it causes, or a
 * rejection. Runs on the stream thread of the guild's partition: one command at a time per guild.
 */
final class GuildCommandProcessor implements FixedKeyProcessor<Long, GuildCommand, Outcome<GuildEvent>> {
    static final int NAME_MIN = 2;
    static final int NAME_MAX = 100;

    private FixedKeyProcessorContext<Long, Outcome<GuildEvent>> context;
    private KeyValueStore<Long, Guild> guilds;

    @Override
    public void init(FixedKeyProcessorContext<Long, Outcome<GuildEvent>> context) {
        this.context = context;
        this.guilds = context.getStateStore(GuildStores.GUILDS);
    }

    @Override
    public void process(FixedKeyRecord<Long, GuildCommand> record) {
        GuildCommand command = record.value();
        if (command == null) return;
        Outcome<GuildEvent> outcome;
        if (command instanceof CreateGuild create) {
            outcome = createGuild(create, Instant.ofEpochMilli(record.timestamp()));
        } else {
            throw new IllegalStateException("unhandled command " + command.getClass().getSimpleName());
        }
        context.forward(record.withValue(outcome));
    }

    private Outcome<GuildEvent> createGuild(CreateGuild command, Instant at) {
        String name = command.name() == null ? "" : command.name().strip();
        if (name.length() < NAME_MIN || name.length() > NAME_MAX) {
            return Outcome.rejected(command, Rejection.INVALID_FORM_BODY, "name",
                    "name must be " + NAME_MIN + "-" + NAME_MAX + " characters, got " + name.length());
        }
        if (guilds.get(command.guildId()) != null) {
            return Outcome.rejected(command, Rejection.GUILD_EXISTS, "id", "guild " + command.guildId() + " already exists");
        }
        Channel general = new Channel(command.defaultChannelId(), Channel.GUILD_TEXT, command.guildId(), "general", 0,
                null, null);
        Guild guild = new Guild(command.guildId(), name, null, command.actorId(),
                List.of(Role.everyone(command.guildId())), List.of(general));
        guilds.put(guild.id(), guild);
        Member owner = Member.joined(command.actor(), at.toString());
        return Outcome.accepted(command, List.of(new GuildCreated(command.requestId(), guild.id(), guild, owner)), guild);
    }
}
