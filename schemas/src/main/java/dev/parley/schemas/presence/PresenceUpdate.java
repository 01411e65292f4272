package dev.parley.schemas.presence;

import dev.parley.schemas.guild.User;
import dev.parley.schemas.json.SnowflakeId;
import dev.parley.schemas.session.Activity;

import java.util.List;
import java.util.Map;

/**
 * A user's presence as the members of one guild see it: Discord's PRESENCE_UPDATE. Keyed by guild id on
 * {@code presence-updates}, co-partitioned with {@code guild-events}.
 *
 * @param status       {@code online}, {@code idle}, {@code dnd} or {@code offline} (invisible shows as offline)
 * @param clientStatus platform ({@code desktop}, {@code mobile}, {@code web}) → status, only platforms online
 */
public record PresenceUpdate(@SnowflakeId long guildId, User user, String status, List<Activity> activities,
                             Map<String, String> clientStatus) {

    /** The Gateway dispatch this update becomes. */
    public static final String DISPATCH_TYPE = "PRESENCE_UPDATE";

    /** {@value #DISPATCH_TYPE}. */
    @com.fasterxml.jackson.annotation.JsonIgnore
    public String dispatchType() {
        return DISPATCH_TYPE;
    }

    public PresenceUpdate {
        activities = List.copyOf(activities);
        clientStatus = Map.copyOf(clientStatus);
    }

    public boolean online() {
        return !"offline".equals(status);
    }
}
