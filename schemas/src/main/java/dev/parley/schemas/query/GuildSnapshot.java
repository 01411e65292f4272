package dev.parley.schemas.query;

import dev.parley.schemas.guild.Guild;
import dev.parley.schemas.guild.Member;
import dev.parley.schemas.presence.PresenceUpdate;

import java.util.List;

/**
 * What a GUILD_CREATE is built from: the guild, all its members or only the viewer's, and the presences of its
 * online members.
 */
public record GuildSnapshot(Guild guild, List<Member> members, List<PresenceUpdate> presences) {

    public GuildSnapshot {
        members = List.copyOf(members);
        presences = List.copyOf(presences);
    }
}
