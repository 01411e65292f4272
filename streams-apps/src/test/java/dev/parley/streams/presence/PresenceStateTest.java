package dev.parley.streams.presence;

import dev.parley.schemas.json.JsonSerde;
import dev.parley.schemas.session.Activity;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.function.ToLongFunction;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PresenceStateTest {
    private static final JsonSerde<PresenceState> SERDE = new JsonSerde<>(PresenceState.class);
    private static final ToLongFunction<PresenceState> SIZE = s -> SERDE.serialize("t", s).length;

    @Test
    void shouldDropOlderSessionsActivitiesThenOlderSessionsButNeverTheLatest() {
        PresenceState state = PresenceState.empty();
        List<Activity> big = List.of(new Activity("x".repeat(2000), 0, "y".repeat(2000), null));
        for (int i = 0; i < 10; i++) {
            state = state.withSession("s" + i, new SessionPresence("gw", "online", big, "desktop", 1_000 + i));
        }
        long whole = SIZE.applyAsLong(state);
        PresenceState withoutOldActivities = state.fittedTo(whole / 2, SIZE);
        assertTrue(SIZE.applyAsLong(withoutOldActivities) <= whole / 2);
        assertEquals(10, withoutOldActivities.sessions().size(), "every session's status is kept while activities suffice");
        assertEquals(big, withoutOldActivities.sessions().get("s9").activities(), "the latest, shown, is whole");
        assertTrue(withoutOldActivities.sessions().get("s0").activities().isEmpty(), "the oldest lose theirs first");

        PresenceState few = state.fittedTo(SIZE.applyAsLong(PresenceState.empty().withSession("s9",
                state.sessions().get("s9"))) + 100, SIZE);
        assertEquals(big, few.sessions().get("s9").activities());
        assertTrue(few.sessions().size() < 10, "then the oldest sessions go");
        assertEquals(state.aggregate(), few.aggregate(), "what the guilds see is unchanged");
    }
}
