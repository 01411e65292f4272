package dev.parley.schemas.user;

import dev.parley.schemas.guild.User;
import dev.parley.schemas.json.SnowflakeId;

/** The user's profile changed; {@code user} is its new state. */
public record UserUpdated(@SnowflakeId long userId, User user) implements UserEvent {
}
