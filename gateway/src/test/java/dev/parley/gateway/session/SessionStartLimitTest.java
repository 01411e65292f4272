package dev.parley.gateway.session;

import dev.parley.schemas.session.SessionStarts;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SessionStartLimitTest {
    private static final long DAY = SessionStarts.WINDOW.toMillis();
    private static final SessionStarts NONE = new SessionStarts(List.of());
    private final AtomicLong clock = new AtomicLong(1_700_000_000_000L);
    private final SessionStartLimit limit = new SessionStartLimit(3, 2, clock::get);

    @Test
    void shouldCountStartsTheStoreDoesNotShowYetSoABurstCannotOvershoot() {
        List<Boolean> admitted = new ArrayList<>();
        for (int i = 0; i < 5; i++) admitted.add(limit.admit(7, NONE).admitted());
        assertEquals(List.of(true, true, true, false, false), admitted);
        SessionStartLimit.Report report = limit.report(7, NONE);
        assertEquals(3, report.total());
        assertEquals(0, report.remaining());
        assertEquals(2, report.maxConcurrency());
        assertTrue(limit.admit(8, NONE).admitted(), "another user has a limit of its own");
    }

    @Test
    void shouldCountAStartOnceWhenTheStoreShowsIt() {
        long first = limit.admit(7, NONE).at();
        clock.addAndGet(10);
        long second = limit.admit(7, NONE).at();
        SessionStarts stored = new SessionStarts(List.of(first, second));
        assertEquals(1, limit.report(7, stored).remaining(), "two starts, each counted once");
        assertTrue(limit.admit(7, stored).admitted());
        assertFalse(limit.admit(7, stored).admitted());
    }

    @Test
    void shouldNotBeFooledByAStoreReadOlderThanTheLastOne() {
        long first = limit.admit(7, NONE).at();
        limit.admit(7, NONE);
        limit.admit(7, NONE);
        assertFalse(limit.admit(7, new SessionStarts(List.of(first))).admitted());
        assertFalse(limit.admit(7, NONE).admitted(), "an IDENTIFY that read the store before it showed the first start");
    }

    @Test
    void shouldCountOtherGatewaysStartsFromTheStore() {
        long now = clock.get();
        SessionStarts elsewhere = new SessionStarts(List.of(now - 1000, now - 500, now - 100));
        SessionStartLimit.StartDecision refused = limit.admit(7, elsewhere);
        assertFalse(refused.admitted());
        assertEquals(DAY - 1000, refused.resetAfterMillis(), "the oldest start leaves the window first");
        assertEquals(DAY - 1000, limit.report(7, elsewhere).resetAfterMillis());
    }

    @Test
    void shouldForgetUnseenStartsAfterTheHorizonAndStartsOutsideTheWindow() {
        limit.admit(7, NONE);
        limit.admit(7, NONE);
        assertEquals(1, limit.report(7, NONE).remaining());
        clock.addAndGet(SessionStartLimit.UNSEEN_HORIZON_MILLIS + 1000);
        assertEquals(3, limit.report(7, NONE).remaining(), "a store that never shows them stops being waited for");
        limit.admit(8, NONE);
        assertEquals(1, limit.usersWithUnseenStarts(), "the sweep dropped the expired user");
        SessionStarts yesterday = new SessionStarts(List.of(clock.get() - DAY, clock.get() - DAY + 1));
        assertEquals(2, limit.report(9, yesterday).remaining(), "a start exactly a day old no longer counts");
    }

    @Test
    void shouldTakeBackAStartThatDidNotHappen() {
        SessionStartLimit.StartDecision admitted = limit.admit(7, NONE);
        limit.cancel(7, admitted.at());
        assertEquals(3, limit.report(7, NONE).remaining());
        assertEquals(0, limit.usersWithUnseenStarts());
    }

    @Test
    void shouldReportTheWholeWindowWhenNothingStarted() {
        SessionStartLimit.Report report = limit.report(7, NONE);
        assertEquals(3, report.remaining());
        assertEquals(DAY, report.resetAfterMillis());
    }

    @Test
    void shouldRefuseATotalTheStoreCannotCount() {
        assertThrows(IllegalArgumentException.class, () -> new SessionStartLimit(SessionStarts.LIMIT + 1, 1, clock::get));
        assertThrows(IllegalArgumentException.class, () -> new SessionStartLimit(0, 1, clock::get));
    }
}
