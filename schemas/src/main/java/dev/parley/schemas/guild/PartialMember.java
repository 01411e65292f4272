package dev.parley.schemas.guild;

import java.util.List;

/** The member object inside a message or TYPING_START: a member without its user. */
public record PartialMember(String nick, List<String> roles, String joinedAt, boolean deaf, boolean mute) {

    public PartialMember {
        roles = List.copyOf(roles);
    }

    public static PartialMember of(Member member) {
        return new PartialMember(member.nick(), member.roles(), member.joinedAt(), member.deaf(), member.mute());
    }
}
