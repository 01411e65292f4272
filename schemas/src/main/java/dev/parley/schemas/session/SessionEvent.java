package dev.parley.schemas.session;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;

/**
 * A gateway session's lifecycle and presence, keyed by user id on {@code session-events}: what the presence app
 * aggregates into each user's presence, and the user state app counts session starts from.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({
        @JsonSubTypes.Type(value = SessionStarted.class, name = "SESSION_STARTED"),
        @JsonSubTypes.Type(value = SessionResumed.class, name = "SESSION_RESUMED"),
        @JsonSubTypes.Type(value = SessionEnded.class, name = "SESSION_ENDED"),
        @JsonSubTypes.Type(value = SessionPresenceChanged.class, name = "SESSION_PRESENCE_CHANGED"),
})
public sealed interface SessionEvent permits SessionStarted, SessionResumed, SessionEnded, SessionPresenceChanged {

    /** The user, which is also the record key. */
    long userId();

    String sessionId();

    String gatewayId();

    /** When it happened, ms since the epoch. */
    long at();
}
