package dev.parley.gateway.protocol;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parley.schemas.guild.Channel;
import dev.parley.schemas.guild.Guild;
import dev.parley.schemas.guild.Member;
import dev.parley.schemas.json.Json;
import dev.parley.schemas.presence.PresenceUpdate;
import dev.parley.schemas.query.GuildSnapshot;

import java.util.List;

/**
 * Discord's guild-side objects as clients expect them, with the fields discord.js and JDA read (the arrays they
 * iterate, present even when empty).
 */
public final class GuildPayloads {
    private static final String[] EMPTY_GUILD_ARRAYS = {"features", "emojis", "stickers"};
    private static final String[] EMPTY_CREATE_ARRAYS = {"threads", "voice_states",
            "guild_scheduled_events", "stage_instances", "soundboard_sounds"};

    private GuildPayloads() {
    }

    /** A channel object. */
    public static ObjectNode channel(Channel channel) {
        ObjectNode node = Json.MAPPER.valueToTree(channel);
        node.putArray("permission_overwrites");
        node.put("nsfw", false);
        if (channel.type() == Channel.GUILD_TEXT) {
            node.putNull("last_message_id");
            node.put("rate_limit_per_user", 0);
        } else if (channel.type() == Channel.GUILD_VOICE) {
            node.put("bitrate", 64000);
            node.put("user_limit", 0);
            node.putNull("rtc_region");
        }
        return node;
    }

    /** A guild object (GUILD_UPDATE, {@code GET /guilds/{id}}). */
    public static ObjectNode guild(Guild guild) {
        ObjectNode node = Json.MAPPER.createObjectNode();
        node.put("id", Long.toString(guild.id()));
        node.put("name", guild.name());
        node.put("icon", guild.icon());
        node.put("owner_id", Long.toString(guild.ownerId()));
        node.set("roles", Json.MAPPER.valueToTree(guild.roles()));
        ArrayNode channels = node.putArray("channels");
        guild.channels().forEach(c -> channels.add(channel(c)));
        node.put("member_count", guild.memberCount());
        for (String empty : EMPTY_GUILD_ARRAYS) node.putArray(empty);
        node.putNull("splash");
        node.putNull("banner");
        node.putNull("description");
        node.putNull("system_channel_id");
        node.putNull("afk_channel_id");
        node.put("afk_timeout", 300);
        node.put("verification_level", 0);
        node.put("default_message_notifications", 0);
        node.put("explicit_content_filter", 0);
        node.put("mfa_level", 0);
        node.put("nsfw_level", 0);
        node.put("premium_tier", 0);
        node.put("preferred_locale", "en-US");
        return node;
    }

    /**
     * GUILD_CREATE for one session of {@code viewer}: the snapshot's guild and members, {@code joined_at} the viewer's,
     * and the presences of the online members only when the session's {@code intents} include GUILD_PRESENCES
     * ({@code presences: []} otherwise). The one builder of a GUILD_CREATE from a snapshot (READY's and a late join's).
     */
    public static Dispatch guildCreate(GuildSnapshot snapshot, long viewer, long intents, int largeThreshold) {
        String joinedAt = snapshot.members().stream().filter(m -> m.user().id() == viewer)
                .map(Member::joinedAt).findFirst().orElse(null);
        List<PresenceUpdate> presences = (intents & Intents.GUILD_PRESENCES) != 0 ? snapshot.presences() : List.of();
        return guildCreate(snapshot.guild(), snapshot.members(), presences, joinedAt, largeThreshold);
    }

    /**
     * GUILD_CREATE for the sessions of {@code joiner}, who has just joined {@code guild} (read from the guild's events,
     * so there is no snapshot): the guild with the joiner as its only member listed, and no presences.
     */
    public static Dispatch guildCreate(Guild guild, Member joiner, int largeThreshold) {
        return guildCreate(guild, List.of(joiner), List.of(), joiner.joinedAt(), largeThreshold);
    }

    /**
     * GUILD_CREATE with {@code members} (all of them, or only the session's own for a guild over
     * {@code largeThreshold}), the presences of its online members, and the empty arrays clients expect.
     */
    private static Dispatch guildCreate(Guild guild, List<Member> members, List<PresenceUpdate> presences,
                                        String joinedAt, int largeThreshold) {
        ObjectNode node = guild(guild);
        node.set("members", Json.MAPPER.valueToTree(members));
        for (String empty : EMPTY_CREATE_ARRAYS) node.putArray(empty);
        node.set("presences", Json.MAPPER.valueToTree(presences));
        node.put("large", guild.memberCount() > largeThreshold);
        node.put("unavailable", false);
        node.put("joined_at", joinedAt);
        return Dispatch.of("GUILD_CREATE", V10JsonCodec.payload(node));
    }

    /** GUILD_DELETE for a guild the user left or was removed from (no {@code unavailable}). */
    public static Dispatch guildDelete(long guildId) {
        return Dispatch.of("GUILD_DELETE", V10JsonCodec.payload(java.util.Map.of("id", Long.toString(guildId))));
    }
}
