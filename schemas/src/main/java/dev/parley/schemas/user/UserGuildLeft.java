package dev.parley.schemas.user;

import dev.parley.schemas.json.SnowflakeId;

/** The user is no longer a member of {@code guildId}. */
public record UserGuildLeft(@SnowflakeId long userId, @SnowflakeId long guildId) implements UserEvent {
}
