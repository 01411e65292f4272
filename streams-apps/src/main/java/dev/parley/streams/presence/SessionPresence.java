package dev.parley.streams.presence;

import dev.parley.schemas.session.Activity;

import java.util.List;

/**
 * One session's part of a user's presence.
 *
 * @param platform  {@code desktop}, {@code mobile} or {@code web}
 * @param updatedAt when the client last set its presence (ms since the epoch, by its gateway's clock)
 */
public record SessionPresence(String gatewayId, String status, List<Activity> activities, String platform,
                              long updatedAt) {

    public SessionPresence {
        activities = List.copyOf(activities);
    }
}
