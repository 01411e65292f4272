package dev.parley.schemas.guild;

import java.util.List;

/**
 * A guild member in Discord's shape.
 *
 * @param roles    ids of the member's roles other than {@code @everyone}, as decimal strings
 * @param joinedAt ISO-8601 instant
 */
public record Member(User user, String nick, List<String> roles, String joinedAt, boolean deaf, boolean mute) {

    public Member {
        roles = List.copyOf(roles);
    }

    public static Member joined(User user, String joinedAt) {
        return new Member(user, null, List.of(), joinedAt, false, false);
    }
}
