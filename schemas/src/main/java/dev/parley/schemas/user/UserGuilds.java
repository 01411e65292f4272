package dev.parley.schemas.user;

import java.util.List;
import java.util.TreeSet;

/** The guilds a user is a member of, in id order: what READY lists. */
public record UserGuilds(List<Long> guildIds) {

    public UserGuilds {
        guildIds = List.copyOf(guildIds);
    }

    public UserGuilds with(long guildId) {
        TreeSet<Long> ids = new TreeSet<>(guildIds);
        ids.add(guildId);
        return new UserGuilds(List.copyOf(ids));
    }

    public UserGuilds without(long guildId) {
        return new UserGuilds(guildIds.stream().filter(id -> id != guildId).toList());
    }
}
