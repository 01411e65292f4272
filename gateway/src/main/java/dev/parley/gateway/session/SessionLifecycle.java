package dev.parley.gateway.session;

import dev.parley.gateway.state.TopicProducer;
import dev.parley.schemas.Topics;
import dev.parley.schemas.session.SessionEnded;
import dev.parley.schemas.session.SessionEvent;
import dev.parley.schemas.session.SessionPresenceChanged;
import dev.parley.schemas.session.SessionResumed;
import dev.parley.schemas.session.SessionStarted;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Publishes sessions starting, resuming and ending to {@code session-events}, keyed by user id. Thread-safe. */
public final class SessionLifecycle {
    private static final Logger log = LoggerFactory.getLogger(SessionLifecycle.class);
    private final TopicProducer producer;
    private final String gatewayId;
    private volatile boolean silenced;

    public SessionLifecycle(TopicProducer producer, String gatewayId) {
        this.producer = producer;
        this.gatewayId = gatewayId;
    }

    /** @param at when the session started (epoch ms): the time its start was admitted and counted at */
    void started(GatewaySession session, long at) {
        publish(new SessionStarted(session.user().id(), session.id(), gatewayId, at,
                session.user(), session.presence(), session.properties()));
    }

    void presenceChanged(GatewaySession session) {
        publish(new SessionPresenceChanged(session.user().id(), session.id(), gatewayId, System.currentTimeMillis(),
                session.presence(), session.properties().platform()));
    }

    /** Publishes nothing more: the gateway is being killed (for crash tests, nothing may announce the end). */
    public void silence() {
        silenced = true;
    }

    void resumed(GatewaySession session) {
        publish(new SessionResumed(session.user().id(), session.id(), gatewayId, System.currentTimeMillis(),
                session.presence(), session.properties().platform()));
    }

    void ended(GatewaySession session, String reason) {
        publish(new SessionEnded(session.user().id(), session.id(), gatewayId, System.currentTimeMillis(), reason));
    }

    private void publish(SessionEvent event) {
        if (silenced) return;
        producer.send(Topics.SESSION_EVENTS, event.userId(), event).whenComplete((metadata, error) -> {
            if (error != null) log.warn("could not publish {} of session {}: {}", event.getClass().getSimpleName(),
                    event.sessionId(), error.getMessage());
        });
    }
}
