package dev.parley.gateway.protocol;

import dev.parley.schemas.guild.User;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Discord-shaped payloads the gateway writes itself (the state apps' events carry their own). */
public final class Payloads {

    private Payloads() {
    }

    /** The user object of READY and {@code GET /users/@me}: the public fields plus the private ones clients read. */
    public static Map<String, Object> selfUser(User user) {
        Map<String, Object> self = publicUser(user);
        self.put("mfa_enabled", false);
        self.put("verified", true);
        self.put("email", null);
        self.put("locale", "en-US");
        self.put("flags", 0);
        self.put("premium_type", 0);
        return self;
    }

    /** The user object as others see it. */
    public static Map<String, Object> publicUser(User user) {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("id", Long.toString(user.id()));
        map.put("username", user.username());
        map.put("discriminator", user.discriminator());
        map.put("global_name", user.globalName());
        map.put("avatar", user.avatar());
        map.put("bot", user.bot());
        map.put("system", false);
        map.put("banner", null);
        map.put("accent_color", null);
        map.put("public_flags", 0);
        return map;
    }

    /**
     * READY's {@code d}.
     *
     * @param guildIds the session's guilds (announced as unavailable; a GUILD_CREATE follows for each)
     */
    public static Map<String, Object> ready(User user, List<Long> guildIds, String sessionId, String resumeGatewayUrl,
                                            Shard shard) {
        Map<String, Object> ready = new LinkedHashMap<>();
        ready.put("v", 10);
        ready.put("user", selfUser(user));
        ready.put("guilds", guildIds.stream().map(id -> Map.of("id", Long.toString(id), "unavailable", true)).toList());
        ready.put("session_id", sessionId);
        ready.put("session_type", "normal");
        ready.put("resume_gateway_url", resumeGatewayUrl);
        ready.put("shard", List.of(shard.id(), shard.count()));
        ready.put("application", Map.of("id", Long.toString(user.id()), "flags", 0));
        ready.put("private_channels", List.of());
        ready.put("relationships", List.of());
        ready.put("presences", List.of());
        ready.put("guild_join_requests", List.of());
        ready.put("geo_ordered_rtc_regions", List.of());
        ready.put("user_settings", Map.of());
        return ready;
    }
}
