package dev.parley.streams.guild;

import dev.parley.schemas.guild.Channel;
import dev.parley.schemas.guild.Guild;
import dev.parley.schemas.guild.GuildCommand;
import dev.parley.schemas.guild.GuildEvent;
import dev.parley.schemas.reply.Rejection;
import dev.parley.streams.Outcome;

/**
 * The checks commands share. Each returns the rejection to answer, or null when the check passes; messages name
 * what was wrong and with which value.
 */
final class Guard {

    private Guard() {
    }

    /** The guild exists and the actor is a member. */
    static Outcome<GuildEvent> member(GuildState state, GuildCommand command) {
        if (state.guild(command.guildId()) == null) {
            return Outcome.rejected(command, Rejection.UNKNOWN_GUILD, null, "unknown guild " + command.guildId());
        }
        if (state.member(command.guildId(), command.actorId()) == null) {
            return Outcome.rejected(command, Rejection.MISSING_ACCESS, null,
                    "user " + command.actorId() + " is not a member of guild " + command.guildId());
        }
        return null;
    }

    /** The guild exists, the actor is a member, and its owner. */
    static Outcome<GuildEvent> owner(GuildState state, GuildCommand command) {
        Outcome<GuildEvent> notMember = member(state, command);
        if (notMember != null) return notMember;
        if (state.guild(command.guildId()).ownerId() != command.actorId()) {
            return Outcome.rejected(command, Rejection.MISSING_PERMISSIONS, null,
                    "only the owner of guild " + command.guildId() + " may do this");
        }
        return null;
    }

    /** The channel belongs to the (existing) guild. */
    static Outcome<GuildEvent> channel(Guild guild, GuildCommand command, long channelId) {
        if (guild.channel(channelId) == null) {
            return Outcome.rejected(command, Rejection.UNKNOWN_CHANNEL, null,
                    "unknown channel " + channelId + " in guild " + guild.id());
        }
        return null;
    }

    /** The channel belongs to the guild and takes text. */
    static Outcome<GuildEvent> textChannel(Guild guild, GuildCommand command, long channelId) {
        Outcome<GuildEvent> unknown = channel(guild, command, channelId);
        if (unknown != null) return unknown;
        if (!guild.channel(channelId).takesText()) {
            return Outcome.rejected(command, Rejection.WRONG_CHANNEL_TYPE, null,
                    "channel " + channelId + " does not take messages");
        }
        return null;
    }

    /**
     * A field checked by one of {@link dev.parley.schemas.guild.GuildFields}' rules: {@code problem} is what the rule
     * found wrong, or null when the value is fine.
     */
    static Outcome<GuildEvent> field(GuildCommand command, String field, String problem) {
        return problem == null ? null : Outcome.rejected(command, Rejection.INVALID_FORM_BODY, field, problem);
    }

    /** The id a command brings for a new object of its guild names the guild's partition, as every such id must. */
    static Outcome<GuildEvent> objectId(GuildCommand command, String field, long id) {
        int partition = dev.parley.schemas.Partitioning.guildPartition(command.guildId());
        if (dev.parley.schemas.ids.Snowflake.appPartition(id) == partition) return null;
        return Outcome.rejected(command, Rejection.INVALID_FORM_BODY, field,
                field + " " + id + " does not name partition " + partition + " of guild " + command.guildId());
    }
}
