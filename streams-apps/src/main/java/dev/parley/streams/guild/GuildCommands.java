package dev.parley.streams.guild;

import dev.parley.schemas.guild.AddMember;
import dev.parley.schemas.guild.Channel;
import dev.parley.schemas.guild.ChannelCreated;
import dev.parley.schemas.guild.ChannelDeleted;
import dev.parley.schemas.guild.ChannelUpdated;
import dev.parley.schemas.guild.CreateChannel;
import dev.parley.schemas.guild.CreateGuild;
import dev.parley.schemas.guild.DeleteChannel;
import dev.parley.schemas.guild.Guild;
import dev.parley.schemas.guild.GuildCreated;
import dev.parley.schemas.guild.GuildEvent;
import dev.parley.schemas.guild.GuildMemberAdded;
import dev.parley.schemas.guild.GuildMemberRemoved;
import dev.parley.schemas.guild.GuildMemberUpdated;
import dev.parley.schemas.guild.SyncMemberUser;
import dev.parley.schemas.guild.GuildUpdated;
import dev.parley.schemas.guild.Member;
import dev.parley.schemas.guild.RemoveMember;
import dev.parley.schemas.guild.Role;
import dev.parley.schemas.guild.UpdateChannel;
import dev.parley.schemas.guild.UpdateGuild;
import dev.parley.schemas.reply.Rejection;
import dev.parley.streams.Outcome;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongSupplier;

/** Guild, channel and membership commands. Stateless; the state is passed in. */
final class GuildCommands {
    static final int GUILD_NAME_MIN = 2;
    static final int GUILD_NAME_MAX = 100;
    static final int CHANNEL_NAME_MAX = 100;
    static final int TOPIC_MAX = 1024;

    private final GuildState state;
    private final LongSupplier ids;

    GuildCommands(GuildState state, LongSupplier ids) {
        this.state = state;
        this.ids = ids;
    }

    Outcome<GuildEvent> create(CreateGuild command, Instant at) {
        Outcome<GuildEvent> badName = Guard.length(command, "name", command.name(), GUILD_NAME_MIN, GUILD_NAME_MAX);
        if (badName != null) return badName;
        if (state.guild(command.guildId()) != null) {
            return Outcome.rejected(command, Rejection.GUILD_EXISTS, "id", "guild " + command.guildId() + " already exists");
        }
        Channel general = new Channel(ids.getAsLong(), Channel.GUILD_TEXT, command.guildId(), "general", 0, null, null);
        Guild guild = new Guild(command.guildId(), command.name().strip(), null, command.actorId(),
                List.of(Role.everyone(command.guildId())), List.of(general), 1);
        Member owner = Member.joined(command.actor(), at.toString());
        state.put(guild);
        state.putMember(guild.id(), owner);
        return Outcome.accepted(command, List.of(new GuildCreated(command.requestId(), guild.id(), guild, owner)), guild);
    }

    Outcome<GuildEvent> update(UpdateGuild command) {
        Outcome<GuildEvent> refused = Guard.owner(state, command);
        if (refused == null && command.name() != null) {
            refused = Guard.length(command, "name", command.name(), GUILD_NAME_MIN, GUILD_NAME_MAX);
        }
        if (refused != null) return refused;
        Guild old = state.guild(command.guildId());
        Guild guild = old.withNameAndIcon(command.name() == null ? old.name() : command.name().strip(),
                command.icon() == null ? old.icon() : command.icon());
        state.put(guild);
        return Outcome.accepted(command, List.of(new GuildUpdated(command.requestId(), guild.id(), guild)), guild);
    }

    Outcome<GuildEvent> createChannel(CreateChannel command) {
        Outcome<GuildEvent> refused = Guard.owner(state, command);
        if (refused == null) refused = Guard.length(command, "name", command.name(), 1, CHANNEL_NAME_MAX);
        if (refused == null) refused = channelType(command, command.channelType());
        if (refused == null) refused = topic(command, command.topic());
        Guild guild = state.guild(command.guildId());
        if (refused == null && command.parentId() != null) {
            refused = parent(guild, command, command.parentId(), command.channelType());
        }
        if (refused != null) return refused;
        Channel channel = new Channel(ids.getAsLong(), command.channelType(), guild.id(), command.name().strip(),
                guild.channels().size(), command.parentId(), command.channelType() == Channel.GUILD_TEXT ? command.topic() : null);
        List<Channel> channels = new ArrayList<>(guild.channels());
        channels.add(channel);
        state.put(guild.withChannels(channels));
        return Outcome.accepted(command, List.of(new ChannelCreated(command.requestId(), guild.id(), channel)), channel);
    }

    Outcome<GuildEvent> updateChannel(UpdateChannel command) {
        Outcome<GuildEvent> refused = Guard.owner(state, command);
        Guild guild = state.guild(command.guildId());
        if (refused == null) refused = Guard.channel(guild, command, command.channelId());
        if (refused == null && command.name() != null) {
            refused = Guard.length(command, "name", command.name(), 1, CHANNEL_NAME_MAX);
        }
        if (refused == null) refused = topic(command, command.topic());
        Channel old = refused == null ? guild.channel(command.channelId()) : null;
        if (refused == null && command.parentId() != null && !command.clearParent()) {
            refused = parent(guild, command, command.parentId(), old.type());
        }
        if (refused != null) return refused;
        Long parent = command.clearParent() ? null : command.parentId() != null ? command.parentId() : old.parentId();
        Channel channel = new Channel(old.id(), old.type(), old.guildId(),
                command.name() == null ? old.name() : command.name().strip(),
                command.position() == null ? old.position() : command.position(), parent,
                command.topic() == null ? old.topic() : command.topic());
        state.put(guild.withChannels(guild.channels().stream().map(c -> c.id() == channel.id() ? channel : c).toList()));
        return Outcome.accepted(command, List.of(new ChannelUpdated(command.requestId(), guild.id(), channel)), channel);
    }

    Outcome<GuildEvent> deleteChannel(DeleteChannel command) {
        Outcome<GuildEvent> refused = Guard.owner(state, command);
        Guild guild = state.guild(command.guildId());
        if (refused == null) refused = Guard.channel(guild, command, command.channelId());
        if (refused != null) return refused;
        Channel channel = guild.channel(command.channelId());
        List<GuildEvent> events = new ArrayList<>();
        events.add(new ChannelDeleted(command.requestId(), guild.id(), channel));
        List<Channel> remaining = new ArrayList<>();
        for (Channel c : guild.channels()) {
            if (c.id() == channel.id()) continue;
            if (c.parentId() != null && c.parentId() == channel.id()) {
                c = new Channel(c.id(), c.type(), c.guildId(), c.name(), c.position(), null, c.topic());
                events.add(new ChannelUpdated(command.requestId(), guild.id(), c));
            }
            remaining.add(c);
        }
        state.put(guild.withChannels(remaining));
        state.dropHistory(channel.id());
        return Outcome.accepted(command, events, channel);
    }

    Outcome<GuildEvent> addMember(AddMember command, Instant at) {
        Guild guild = state.guild(command.guildId());
        if (guild == null) {
            return Outcome.rejected(command, Rejection.UNKNOWN_GUILD, null, "unknown guild " + command.guildId());
        }
        Member existing = state.member(guild.id(), command.actorId());
        if (existing != null) return Outcome.accepted(command, List.of(), null);
        Member member = Member.joined(command.actor(), at.toString());
        Guild grown = guild.withMemberCount(guild.memberCount() + 1);
        state.putMember(guild.id(), member);
        state.put(grown);
        return Outcome.accepted(command, List.of(new GuildMemberAdded(command.requestId(), guild.id(), member, grown)), member);
    }

    Outcome<GuildEvent> removeMember(RemoveMember command) {
        Guild guild = state.guild(command.guildId());
        if (guild == null) {
            return Outcome.rejected(command, Rejection.UNKNOWN_GUILD, null, "unknown guild " + command.guildId());
        }
        boolean leaving = command.actorId() == command.userId();
        if (!leaving) {
            Outcome<GuildEvent> refused = Guard.owner(state, command);
            if (refused != null) return refused;
        }
        Member member = state.member(guild.id(), command.userId());
        if (member == null) {
            return Outcome.rejected(command, Rejection.UNKNOWN_MEMBER, null,
                    "user " + command.userId() + " is not a member of guild " + guild.id());
        }
        if (command.userId() == guild.ownerId()) {
            return Outcome.rejected(command, Rejection.INVALID_FORM_BODY, "user_id", "the owner cannot leave guild " + guild.id());
        }
        state.removeMember(guild.id(), command.userId());
        state.put(guild.withMemberCount(guild.memberCount() - 1));
        return Outcome.accepted(command, List.of(new GuildMemberRemoved(command.requestId(), guild.id(), member.user(),
                !leaving)), null);
    }

    /** A member's user changed (from the user state app): update the member. A non-member is left alone. */
    Outcome<GuildEvent> syncMemberUser(SyncMemberUser command) {
        Member old = state.member(command.guildId(), command.user().id());
        if (old == null || old.user().equals(command.user())) return Outcome.accepted(command, List.of(), null);
        Member member = new Member(command.user(), old.nick(), old.roles(), old.joinedAt(), old.deaf(), old.mute());
        state.putMember(command.guildId(), member);
        return Outcome.accepted(command, List.of(new GuildMemberUpdated(command.requestId(), command.guildId(), member)), member);
    }

    private static Outcome<GuildEvent> channelType(CreateChannel command, int type) {
        if (type == Channel.GUILD_TEXT || type == Channel.GUILD_VOICE || type == Channel.GUILD_CATEGORY) return null;
        return Outcome.rejected(command, Rejection.INVALID_FORM_BODY, "type",
                "type must be 0 (text), 2 (voice) or 4 (category), got " + type);
    }

    private static Outcome<GuildEvent> topic(dev.parley.schemas.guild.GuildCommand command, String topic) {
        if (topic == null || topic.length() <= TOPIC_MAX) return null;
        return Outcome.rejected(command, Rejection.INVALID_FORM_BODY, "topic",
                "topic must be at most " + TOPIC_MAX + " characters, got " + topic.length());
    }

    private static Outcome<GuildEvent> parent(Guild guild, dev.parley.schemas.guild.GuildCommand command, long parentId,
                                              int childType) {
        Channel parent = guild.channel(parentId);
        if (parent == null || parent.type() != Channel.GUILD_CATEGORY || childType == Channel.GUILD_CATEGORY) {
            return Outcome.rejected(command, Rejection.INVALID_FORM_BODY, "parent_id",
                    "parent_id " + parentId + " is not a category of guild " + guild.id());
        }
        return null;
    }
}
