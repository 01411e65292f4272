package dev.parley.streams.presence;

import dev.parley.schemas.presence.PresenceUpdate;
import dev.parley.schemas.session.GatewayHeartbeat;
import dev.parley.schemas.session.Presence;
import dev.parley.schemas.session.SessionEnded;
import dev.parley.schemas.session.SessionEvent;
import dev.parley.schemas.session.SessionPresenceChanged;
import dev.parley.schemas.session.SessionResumed;
import dev.parley.schemas.session.SessionStarted;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Folds each session's lifecycle and presence into its user's {@link PresenceState}, and, on a wall-clock
 * schedule, takes every session of a dead gateway away: a gateway is dead when this instance has received no
 * heartbeat from it for the timeout. Its sessions are forgotten, so a gateway that comes back does not bring them
 * back to life: only a new start or resume does, or a presence change from the gateway once it is alive again (a
 * gateway that was slow rather than dead still has those sessions). A gateway restarted under the same id (its
 * heartbeats say when this run started) has none of the sessions it announced before that: they are taken away
 * as soon as the restart is seen, even when the dead run's silence was never noticed (this task was moving then).
 */
final class SessionPresenceProcessor implements Processor<Long, SessionEvent, Long, PresenceUpdate> {
    private static final Logger log = LoggerFactory.getLogger(SessionPresenceProcessor.class);
    private static final StringSerializer KEYS = new StringSerializer();

    private final Duration timeout;
    private final Duration checkInterval;
    private ProcessorContext<Long, PresenceUpdate> context;
    private PresenceBook book;
    private KeyValueStore<String, GatewayHeartbeat> liveness;
    /**
     * Per gateway, the run ({@link GatewayHeartbeat#startedAt}) whose earlier sessions this task has taken away; in
     * memory, so a task that moved checks each live gateway once more.
     */
    private final Map<String, Long> runsChecked = new java.util.HashMap<>();

    private final long maxRecordBytes;

    SessionPresenceProcessor(Duration timeout, Duration checkInterval, long maxRecordBytes) {
        this.maxRecordBytes = maxRecordBytes;
        this.timeout = timeout;
        this.checkInterval = checkInterval;
    }

    @Override
    public void init(ProcessorContext<Long, PresenceUpdate> context) {
        this.context = context;
        this.book = new PresenceBook(context, maxRecordBytes);
        this.liveness = context.getStateStore(PresenceStores.GATEWAY_LIVENESS);
        context.schedule(checkInterval, PunctuationType.WALL_CLOCK_TIME, this::dropDeadGateways);
    }

    @Override
    public void process(Record<Long, SessionEvent> record) {
        SessionEvent event = record.value();
        if (event == null) return;
        long userId = event.userId();
        PresenceState state = book.state(userId);
        SessionPresence known = state.sessions().get(event.sessionId());
        if (event instanceof SessionStarted started) {
            Presence presence = started.presence() == null ? Presence.online() : started.presence();
            state = state.withUser(started.user()).withSession(started.sessionId(), new SessionPresence(
                    started.gatewayId(), presence.status(), presence.activities(), started.properties().platform(),
                    started.at()));
        } else if (event instanceof SessionResumed resumed) {
            Presence presence = resumed.presence() == null ? Presence.online() : resumed.presence();
            state = state.withSession(resumed.sessionId(), known == null
                    ? new SessionPresence(resumed.gatewayId(), presence.status(), presence.activities(), resumed.platform(),
                    resumed.at())
                    : new SessionPresence(resumed.gatewayId(), known.status(), known.activities(), known.platform(),
                    known.updatedAt()));
            if (known != null && !known.gatewayId().equals(resumed.gatewayId())) book.unindex(userId, known.gatewayId(), state);
        } else if (event instanceof SessionPresenceChanged changed) {
            if (known == null && !alive(changed.gatewayId())) {
                log.debug("user {}: presence change of unknown session {} from silent gateway {} ignored", userId,
                        event.sessionId(), event.gatewayId());
                return;
            }
            state = state.withSession(changed.sessionId(), new SessionPresence(changed.gatewayId(),
                    changed.presence().status(), changed.presence().activities(),
                    known == null ? changed.platform() : known.platform(), changed.at()));
        } else if (event instanceof SessionEnded) {
            if (known == null) {
                log.debug("user {}: end of unknown session {} on {} ignored", userId, event.sessionId(), event.gatewayId());
                return;
            }
            state = state.withoutSession(event.sessionId());
            book.unindex(userId, known.gatewayId(), state);
        }
        if (log.isDebugEnabled()) log.debug("user {}: {} of session {} on {}; sessions now {}", userId,
                event.getClass().getSimpleName(), event.sessionId(), event.gatewayId(), state.sessions().keySet());
        book.save(userId, state, record.timestamp());
    }

    /** Whether {@code gatewayId} has sent a heartbeat within the timeout (a change from it is then live). */
    private boolean alive(String gatewayId) {
        GatewayHeartbeat beat = liveness.get(gatewayId);
        return beat != null && context.currentSystemTimeMs() - beat.at() <= timeout.toMillis();
    }

    private void dropDeadGateways(long now) {
        List<String> dead = new ArrayList<>();
        List<GatewayHeartbeat> restarted = new ArrayList<>();
        try (KeyValueIterator<String, GatewayHeartbeat> all = liveness.all()) {
            all.forEachRemaining(entry -> {
                if (now - entry.value.at() > timeout.toMillis()) {
                    dead.add(entry.key);
                } else if (entry.value.startedAt() != null && !entry.value.startedAt().equals(runsChecked.get(entry.key))) {
                    restarted.add(entry.value);
                }
            });
        }
        for (String gatewayId : dead) {
            int users = takeAway(gatewayId, Long.MAX_VALUE, now);
            if (users > 0) log.info("gateway {} silent for over {} ms: {} users' sessions there taken away", gatewayId,
                    timeout.toMillis(), users);
            runsChecked.remove(gatewayId);
        }
        for (GatewayHeartbeat beat : restarted) {
            int users = takeAway(beat.gatewayId(), beat.startedAt(), now);
            if (users > 0) log.info("gateway {} restarted: {} users' sessions of its earlier run taken away", beat.gatewayId(), users);
            runsChecked.put(beat.gatewayId(), beat.startedAt());
        }
    }

    /**
     * Takes away the sessions on {@code gatewayId} announced before {@code announcedBefore} (all of them for
     * {@link Long#MAX_VALUE}), and the index entries of users left with none there.
     *
     * @return how many users lost sessions
     */
    private int takeAway(String gatewayId, long announcedBefore, long now) {
        List<KeyValue<String, Long>> indexed = new ArrayList<>();
        try (KeyValueIterator<String, Long> entries = book.gatewaySessions().prefixScan(PresenceBook.gatewayPrefix(gatewayId), KEYS)) {
            entries.forEachRemaining(indexed::add);
        }
        int users = 0;
        for (KeyValue<String, Long> entry : indexed) {
            long userId = entry.value;
            PresenceState state = book.state(userId);
            PresenceState kept = state;
            for (Map.Entry<String, SessionPresence> session : state.sessions().entrySet()) {
                SessionPresence s = session.getValue();
                if (s.gatewayId().equals(gatewayId) && s.updatedAt() < announcedBefore) kept = kept.withoutSession(session.getKey());
            }
            book.unindex(userId, gatewayId, kept);
            if (kept != state) {
                log.debug("user {}: sessions on {} taken away; sessions now {}", userId, gatewayId, kept.sessions().keySet());
                book.save(userId, kept, now);
                users++;
            }
        }
        return users;
    }
}
