package dev.parley.schemas.session;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;

/**
 * A gateway session's lifecycle, keyed by user id on {@code session-events}: what the user state app aggregates
 * into presence and session-start counts.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({
        @JsonSubTypes.Type(value = SessionStarted.class, name = "SESSION_STARTED"),
        @JsonSubTypes.Type(value = SessionResumed.class, name = "SESSION_RESUMED"),
        @JsonSubTypes.Type(value = SessionEnded.class, name = "SESSION_ENDED"),
})
public sealed interface SessionEvent permits SessionStarted, SessionResumed, SessionEnded {

    /** The user, which is also the record key. */
    long userId();

    String sessionId();

    String gatewayId();

    /** When it happened, ms since the epoch. */
    long at();
}
