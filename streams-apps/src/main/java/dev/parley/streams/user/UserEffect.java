package dev.parley.streams.user;

import dev.parley.schemas.guild.GuildCommand;
import dev.parley.schemas.user.UserEvent;

/** Something a user command causes beyond its reply: an event about the user, or a command to one of their guilds. */
sealed interface UserEffect {

    /** Announce on {@code user-events}. */
    record ToUsers(UserEvent event) implements UserEffect {
    }

    /** Send on {@code guild-commands}, keyed by the command's guild. */
    record ToGuild(GuildCommand command) implements UserEffect {
    }
}
