package dev.parley.streams.guild;

import dev.parley.config.Settings;

import java.time.Duration;

/**
 * The guild app's limits, resolved once from {@link GuildSettings} (which documents each).
 *
 * @param historyPerChannel   messages kept per channel
 * @param maxChannels         channels per guild
 * @param stateRecordMaxBytes largest a guild's own state record may be, as JSON
 * @param nonceWindow         how long a message nonce is remembered for {@code enforce_nonce}
 */
record GuildLimits(int historyPerChannel, int maxChannels, long stateRecordMaxBytes, Duration nonceWindow) {

    static GuildLimits from(Settings settings) {
        return new GuildLimits(settings.get(GuildSettings.HISTORY_PER_CHANNEL), settings.get(GuildSettings.MAX_CHANNELS),
                settings.get(GuildSettings.STATE_RECORD_MAX_BYTES), settings.get(GuildSettings.NONCE_WINDOW));
    }
}
