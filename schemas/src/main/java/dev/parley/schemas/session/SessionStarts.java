package dev.parley.schemas.session;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * When a user's recent sessions started (ms since the epoch, oldest first): what {@code session_start_limit}
 * is computed from. Only starts within {@link #WINDOW} are kept, and at most {@link #LIMIT}.
 */
public record SessionStarts(List<Long> at) {
    /** Discord's window: the limit resets 24 hours after a start. */
    public static final Duration WINDOW = Duration.ofHours(24);
    /** Session starts allowed per window (Discord's default for bots). */
    public static final int LIMIT = 1000;

    public SessionStarts {
        at = List.copyOf(at);
    }

    /** These starts plus one at {@code now}, without those that left the window. */
    public SessionStarts plus(long now) {
        List<Long> kept = new ArrayList<>(recent(now).at);
        kept.add(now);
        if (kept.size() > LIMIT) kept = kept.subList(kept.size() - LIMIT, kept.size());
        return new SessionStarts(kept);
    }

    /** The starts still inside the window at {@code now}. */
    public SessionStarts recent(long now) {
        long from = now - WINDOW.toMillis();
        return new SessionStarts(at.stream().filter(t -> t > from).toList());
    }
}
