package dev.parley.gateway.session;

import dev.parley.config.Settings;
import dev.parley.gateway.ratelimit.RateWindows;
import dev.parley.gateway.ratelimit.Rate;
import dev.parley.schemas.session.SessionStarts;

import java.time.Duration;

/**
 * One gateway's limits on who may connect, identify and list whole guilds, resolved from {@link AdmissionSettings}
 * (which documents each), with the state they count in. Shared by every connection; thread-safe.
 *
 * @param connections        connections per client address
 * @param identifySlots      IDENTIFYs per user bucket and interval ({@code max_concurrency})
 * @param sessionStarts      session starts per user and day ({@code session_start_limit.total})
 * @param sessionsPerUser    sessions one user may hold on this gateway
 * @param identifyTimeout    how long a connection may stay unidentified (4003 after)
 * @param windows            the windows of whole-guild listings (a table of their own, at most
 *                           {@code gateway.member-requests.max-windows})
 * @param wholeGuildRequests how often one user may list a whole guild (op 8)
 */
public record Admission(AddressConnections connections, IdentifySlots identifySlots, SessionStartLimit sessionStarts,
                        int sessionsPerUser, Duration identifyTimeout, RateWindows windows, Rate wholeGuildRequests) {

    /** @throws IllegalArgumentException when a setting is out of range, naming it */
    public static Admission from(Settings settings, RateWindows windows) {
        int maxConcurrency = settings.get(AdmissionSettings.MAX_CONCURRENCY);
        atLeast(AdmissionSettings.MAX_CONCURRENCY.key(), maxConcurrency, 1);
        atLeast(AdmissionSettings.SESSION_STARTS_TOTAL.key(), settings.get(AdmissionSettings.SESSION_STARTS_TOTAL), 1);
        if (settings.get(AdmissionSettings.SESSION_STARTS_TOTAL) > SessionStarts.LIMIT) {
            throw new IllegalArgumentException(AdmissionSettings.SESSION_STARTS_TOTAL.key() + " must be at most "
                    + SessionStarts.LIMIT + ", the starts the user state app keeps per user");
        }
        atLeast(AdmissionSettings.WHOLE_GUILD_REQUEST_INTERVAL.key(),
                settings.get(AdmissionSettings.WHOLE_GUILD_REQUEST_INTERVAL).toMillis(), 1);
        return new Admission(new AddressConnections(settings.get(AdmissionSettings.CONNECTIONS_PER_ADDRESS)),
                new IdentifySlots(maxConcurrency, settings.get(AdmissionSettings.IDENTIFY_INTERVAL).toMillis(),
                        settings.get(AdmissionSettings.IDENTIFY_MAX_WAIT).toMillis(), System::currentTimeMillis),
                new SessionStartLimit(settings.get(AdmissionSettings.SESSION_STARTS_TOTAL), maxConcurrency,
                        System::currentTimeMillis),
                settings.get(AdmissionSettings.SESSIONS_PER_USER), settings.get(AdmissionSettings.IDENTIFY_TIMEOUT), windows,
                Rate.of(1, settings.get(AdmissionSettings.WHOLE_GUILD_REQUEST_INTERVAL)));
    }

    private static void atLeast(String key, long value, long min) {
        if (value < min) throw new IllegalArgumentException(key + " must be at least " + min + ": " + value);
    }
}
