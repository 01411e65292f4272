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
import dev.parley.schemas.guild.GuildCommand;
import dev.parley.schemas.guild.GuildCreated;
import dev.parley.schemas.guild.GuildFields;
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

/**
 * Guild, channel and membership commands. Stateless; the state is passed in.
 *
 * <p>Applying a command twice (a stream task that crashed before committing processes it again) changes nothing the
 * second time and yields the same events and reply: the ids of what a command creates come with it, so a create
 * finds its own object already there (same id, same owner, same join time) and answers it again.
 */
final class GuildCommands {
    private final GuildState state;
    private final GuildLimits limits;

    GuildCommands(GuildState state, GuildLimits limits) {
        this.state = state;
        this.limits = limits;
    }

    Outcome<GuildEvent> create(CreateGuild command, Instant at) {
        Outcome<GuildEvent> refused = Guard.field(command, "name", GuildFields.guildName(command.name()));
        if (refused == null) refused = Guard.objectId(command, "general_channel_id", command.generalChannelId());
        if (refused != null) return refused;
        Guild existing = state.guild(command.guildId());
        if (existing != null) {
            if (existing.ownerId() == command.actorId() && existing.channel(command.generalChannelId()) != null) {
                Member owner = state.member(existing.id(), command.actorId());
                if (owner != null) { // this very command, applied before: the same events and answer again
                    return Outcome.accepted(command, List.of(new GuildCreated(command.requestId(), existing.id(),
                            existing, owner)), existing);
                }
            }
            return Outcome.rejected(command, Rejection.GUILD_EXISTS, "id", "guild " + command.guildId() + " already exists");
        }
        Channel general = new Channel(command.generalChannelId(), Channel.GUILD_TEXT, command.guildId(), "general", 0,
                null, null);
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
            refused = Guard.field(command, "name", GuildFields.guildName(command.name()));
        }
        if (refused == null) refused = Guard.field(command, "icon", GuildFields.iconHash(command.icon()));
        if (refused != null) return refused;
        Guild old = state.guild(command.guildId());
        Guild guild = old.withNameAndIcon(command.name() == null ? old.name() : command.name().strip(),
                command.icon() == null ? old.icon() : command.icon());
        refused = fits(command, guild);
        if (refused != null) return refused;
        state.put(guild);
        return Outcome.accepted(command, List.of(new GuildUpdated(command.requestId(), guild.id(), guild)), guild);
    }

    Outcome<GuildEvent> createChannel(CreateChannel command) {
        Outcome<GuildEvent> refused = Guard.owner(state, command);
        if (refused == null) refused = Guard.field(command, "name", GuildFields.channelName(command.name()));
        if (refused == null) refused = channelType(command, command.channelType());
        if (refused == null) refused = Guard.field(command, "topic", GuildFields.topic(command.topic()));
        if (refused == null) refused = Guard.objectId(command, "channel_id", command.channelId());
        Guild guild = state.guild(command.guildId());
        if (refused == null && command.parentId() != null) {
            refused = parent(guild, command, command.parentId(), command.channelType());
        }
        if (refused != null) return refused;
        Channel existing = guild.channel(command.channelId());
        if (existing != null && !existing.name().equals(command.name().strip())) {
            return Outcome.rejected(command, Rejection.INTERNAL_ERROR, null, "channel id " + command.channelId()
                    + " is another channel's: the gateways' gateway.worker-id must be distinct");
        }
        if (existing != null) { // this very command, applied before
            return Outcome.accepted(command, List.of(new ChannelCreated(command.requestId(), guild.id(), existing)), existing);
        }
        if (state.channelTaken(command.channelId())) {
            return Outcome.rejected(command, Rejection.INVALID_FORM_BODY, "channel_id",
                    "channel id " + command.channelId() + " is taken by another guild");
        }
        if (guild.channels().size() >= limits.maxChannels()) {
            return Outcome.rejected(command, Rejection.MAX_CHANNELS, null, "Maximum number of guild channels reached ("
                    + limits.maxChannels() + ", guild.max-channels)");
        }
        Channel channel = new Channel(command.channelId(), command.channelType(), guild.id(), command.name().strip(),
                guild.channels().size(), command.parentId(), command.channelType() == Channel.GUILD_TEXT ? command.topic() : null);
        List<Channel> channels = new ArrayList<>(guild.channels());
        channels.add(channel);
        Guild grown = guild.withChannels(channels);
        refused = fits(command, grown);
        if (refused != null) return refused;
        state.put(grown);
        return Outcome.accepted(command, List.of(new ChannelCreated(command.requestId(), guild.id(), channel)), channel);
    }

    Outcome<GuildEvent> updateChannel(UpdateChannel command) {
        Outcome<GuildEvent> refused = Guard.owner(state, command);
        Guild guild = state.guild(command.guildId());
        if (refused == null) refused = Guard.channel(guild, command, command.channelId());
        if (refused == null && command.name() != null) {
            refused = Guard.field(command, "name", GuildFields.channelName(command.name()));
        }
        if (refused == null) refused = Guard.field(command, "topic", GuildFields.topic(command.topic()));
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
        Guild changed = guild.withChannels(guild.channels().stream().map(c -> c.id() == channel.id() ? channel : c).toList());
        refused = fits(command, changed);
        if (refused != null) return refused;
        state.put(changed);
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
        if (existing != null) {
            if (existing.joinedAt().equals(at.toString())) { // this very command, applied before: announce it again
                return Outcome.accepted(command, List.of(new GuildMemberAdded(command.requestId(), guild.id(), existing,
                        guild)), existing);
            }
            return Outcome.accepted(command, List.of(), null);
        }
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

    /** The guild's state record, changed as a command wants, stays within {@code guild.state-record-max-bytes}. */
    private Outcome<GuildEvent> fits(GuildCommand command, Guild changed) {
        long size = state.recordSize(changed);
        if (size <= limits.stateRecordMaxBytes()) return null;
        return Outcome.rejected(command, Rejection.GUILD_TOO_LARGE, null, "guild " + changed.id() + " would take "
                + size + " bytes, over guild.state-record-max-bytes (" + limits.stateRecordMaxBytes() + ")");
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
