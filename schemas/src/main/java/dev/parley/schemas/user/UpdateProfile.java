package dev.parley.schemas.user;

import dev.parley.schemas.json.SnowflakeId;

/**
 * The user changes their profile. A null field keeps its value; {@code clearGlobalName} and {@code clearAvatar}
 * remove those.
 */
public record UpdateProfile(String requestId, String replyTo, @SnowflakeId long userId, String username,
                            String globalName, String avatar, boolean clearGlobalName, boolean clearAvatar)
        implements UserCommand {
}
