package dev.parley.gateway.fanout;

import dev.parley.schemas.guild.GuildEvent;
import dev.parley.schemas.guild.GuildMemberRemoved;
import dev.parley.schemas.guild.Message;
import dev.parley.schemas.guild.MessageCreated;
import dev.parley.schemas.guild.User;
import dev.parley.schemas.json.Json;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ReplayFilterTest {
    private static final User ALICE = User.of(11, "alice", false);
    private final ReplayFilter filter = new ReplayFilter(3);

    @Test
    void shouldTakeASecondCreateOfOneMessageForAReplayWhateverItsRequest() throws Exception {
        assertFalse(seen(0, created("request-1", 100)));
        assertTrue(seen(0, created("request-1", 100)), "re-emitted after the guild app's tasks moved");
        assertTrue(seen(0, created("request-2", 100)), "re-emitted for a post retried with its nonce");
        assertFalse(seen(0, created("request-3", 101)));
    }

    @Test
    void shouldTakeAnEventOfTheSameCommandWithTheSameBytesForAReplay() throws Exception {
        assertFalse(seen(0, removed("request-1")));
        assertTrue(seen(0, removed("request-1")));
    }

    @Test
    void shouldNeverTakeTheSameChangeOfAnotherCommandForAReplay() throws Exception {
        assertFalse(seen(0, removed("request-1")));
        assertFalse(seen(0, removed("request-2")), "left, joined and left again: a second removal, not a replay");
    }

    @Test
    void shouldNeverTakeAnEventOfNoRequestForAReplay() throws Exception {
        assertFalse(seen(0, removed(null)));
        assertFalse(seen(0, removed(null)));
    }

    @Test
    void shouldRememberTheLastWindowOfEventsOfEachPartition() throws Exception {
        assertFalse(seen(0, created("request-1", 100)));
        assertFalse(seen(1, created("request-1", 100)), "partitions are apart");
        for (long id = 200; id < 203; id++) assertFalse(seen(0, created("request-" + id, id)));
        assertFalse(seen(0, created("request-1", 100)), "forgotten once 3 events came after it");
        assertTrue(seen(1, created("request-1", 100)));
    }

    @Test
    void shouldRefuseAnEmptyWindow() {
        assertThrows(IllegalArgumentException.class, () -> new ReplayFilter(0));
    }

    private boolean seen(int partition, GuildEvent event) throws Exception {
        return filter.isReplay(partition, event, Json.MAPPER.writeValueAsBytes(event));
    }

    private static MessageCreated created(String requestId, long id) {
        return new MessageCreated(requestId, 1, new Message(id, 2, 1, ALICE, null, "hello", "2026-12-02T00:00:00Z",
                null, false, false, List.of(), List.of(), List.of(), List.of(), false, 0, null));
    }

    private static GuildMemberRemoved removed(String requestId) {
        return new GuildMemberRemoved(requestId, 1, ALICE, false);
    }
}
