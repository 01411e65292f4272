package dev.parley.gateway.protocol;

import java.util.List;

/**
 * Op 8: members of a guild by name prefix ({@code query}, empty for all) or by id.
 *
 * @param limit   maximum members to return, 0 for no limit (only with an empty query)
 * @param userIds the members asked for by id, or empty to search by {@code query}
 * @param nonce   echoed in every chunk, or null
 */
public record RequestGuildMembers(long guildId, String query, int limit, boolean presences, List<Long> userIds,
                                  String nonce) implements ClientCommand {

    public RequestGuildMembers {
        userIds = List.copyOf(userIds);
    }
}
