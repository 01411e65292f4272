package dev.parley.streams.guild;

import dev.parley.config.Setting;

import java.time.Duration;
import java.util.List;

/** The guild state app's settings. */
public final class GuildSettings {
    public static final Setting<Integer> HISTORY_PER_CHANNEL = Setting.ofInt("guild.history-per-channel", 100,
            "Messages kept per channel for GET /channels/{id}/messages; older ones are dropped.");
    public static final Setting<Integer> MAX_CHANNELS = Setting.ofInt("guild.max-channels", 500,
            "Channels (categories included) a guild may have, as Discord; one more is refused with 400 (code 30013).");
    public static final Setting<Long> STATE_RECORD_MAX_BYTES = Setting.ofBytes("guild.state-record-max-bytes", 512 * 1024,
            "Largest a guild's own state record (name, icon, roles, channels) may grow, as JSON; a change that would make "
                    + "it larger is refused with 400 naming this limit. Must stay below the changelog topics' max.message.bytes "
                    + "(the broker's default, 1 MiB, unless changed), so that no state write can ever be refused by Kafka, and "
                    + "below guild-events' max.message.bytes, whose GUILD_CREATE and GUILD_UPDATE events carry the record.");
    public static final Setting<Duration> NONCE_WINDOW = Setting.ofDuration("guild.nonce-window", Duration.ofMinutes(5),
            "How long a message post's nonce is remembered for enforce_nonce: a repeat within it answers the first message.");

    public static final List<Setting<?>> ALL = List.of(HISTORY_PER_CHANNEL, MAX_CHANNELS, STATE_RECORD_MAX_BYTES,
            NONCE_WINDOW);

    private GuildSettings() {
    }
}
