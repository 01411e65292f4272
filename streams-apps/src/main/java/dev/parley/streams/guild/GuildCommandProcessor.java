package dev.parley.streams.guild;

import dev.parley.schemas.guild.Channel;
import dev.parley.schemas.guild.CommandRejected;
import dev.parley.schemas.guild.CreateGuild;
import dev.parley.schemas.guild.Guild;
import dev.parley.schemas.guild.GuildCommand;
import dev.parley.schemas.guild.GuildCreated;
import dev.parley.schemas.guild.GuildEvent;
import dev.parley.schemas.guild.Member;
import dev.parley.schemas.guild.Rejection;
import dev.parley.schemas.guild.Role;
import org.apache.kafka.streams.processor.api.FixedKeyProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorContext;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;
import org.apache.kafka.streams.state.KeyValueStore;

import java.time.Instant;
import java.util.List;

/**
 * Applies one guild command to the guild's stores and forwards the events it causes, or one
 * {@link CommandRejected}. Runs on the stream thread of the guild's partition: one command at a time per guild.
 */
final class GuildCommandProcessor implements FixedKeyProcessor<Long, GuildCommand, GuildEvent> {
    static final int NAME_MIN = 2;
    static final int NAME_MAX = 100;

    private FixedKeyProcessorContext<Long, GuildEvent> context;
    private KeyValueStore<Long, Guild> guilds;

    @Override
    public void init(FixedKeyProcessorContext<Long, GuildEvent> context) {
        this.context = context;
        this.guilds = context.getStateStore(GuildStores.GUILDS);
    }

    @Override
    public void process(FixedKeyRecord<Long, GuildCommand> record) {
        GuildCommand command = record.value();
        if (command == null) return;
        GuildEvent result;
        if (command instanceof CreateGuild create) {
            result = createGuild(create, Instant.ofEpochMilli(record.timestamp()));
        } else {
            throw new IllegalStateException("unhandled command " + command.getClass().getSimpleName());
        }
        context.forward(record.withValue(result));
    }

    private GuildEvent createGuild(CreateGuild command, Instant at) {
        String name = command.name() == null ? "" : command.name().strip();
        if (name.length() < NAME_MIN || name.length() > NAME_MAX) {
            return reject(command, Rejection.INVALID_FORM_BODY, "name",
                    "name must be " + NAME_MIN + "-" + NAME_MAX + " characters, got " + name.length());
        }
        if (guilds.get(command.guildId()) != null) {
            return reject(command, Rejection.GUILD_EXISTS, "id", "guild " + command.guildId() + " already exists");
        }
        Channel general = new Channel(command.defaultChannelId(), Channel.GUILD_TEXT, command.guildId(), "general", 0,
                null, null);
        Guild guild = new Guild(command.guildId(), name, null, command.actorId(),
                List.of(Role.everyone(command.guildId())), List.of(general));
        guilds.put(guild.id(), guild);
        return new GuildCreated(command.requestId(), guild.id(), guild, Member.joined(command.actor(), at.toString()));
    }

    private static CommandRejected reject(GuildCommand command, Rejection reason, String field, String message) {
        return new CommandRejected(command.requestId(), command.guildId(), reason, field, message);
    }
}
