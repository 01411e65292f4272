package dev.parley.schemas.query;

import dev.parley.schemas.guild.Guild;
import dev.parley.schemas.guild.Member;

import java.util.List;

/** What a GUILD_CREATE is built from: the guild, and all its members or only the viewer's. */
public record GuildSnapshot(Guild guild, List<Member> members) {

    public GuildSnapshot {
        members = List.copyOf(members);
    }
}
