package dev.parley.streams.guild;

import dev.parley.config.Setting;

import java.util.List;

/** The guild state app's settings. */
public final class GuildSettings {
    public static final Setting<Integer> HISTORY_PER_CHANNEL = Setting.ofInt("guild.history-per-channel", 100,
            "Messages kept per channel for GET /channels/{id}/messages; older ones are dropped.");

    public static final List<Setting<?>> ALL = List.of(HISTORY_PER_CHANNEL);

    private GuildSettings() {
    }
}
