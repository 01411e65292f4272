package dev.parley.gateway.session;

import dev.parley.schemas.guild.Member;
import dev.parley.schemas.guild.User;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.LongStream;

import static org.junit.jupiter.api.Assertions.assertEquals;

class GuildListingTest {
    private record Sent(int index, int count, List<Long> ids) {
    }

    private final List<Sent> sent = new ArrayList<>();
    private final List<String> reads = new ArrayList<>();

    private GuildListing.Pages guildOf(List<Member> members) {
        return (after, limit) -> {
            reads.add(after + ":" + limit);
            return CompletableFuture.completedFuture(members.stream().filter(m -> m.user().id() > after).limit(limit).toList());
        };
    }

    private final GuildListing.Chunks chunks = (index, count, members) ->
            sent.add(new Sent(index, count, members.stream().map(m -> m.user().id()).toList()));

    @Test
    void shouldSendOneChunkPerPageReadOneAfterAnother() {
        List<Member> members = members(1, 7);
        GuildListing.run(7, 0, 3, guildOf(members), chunks, () -> false).join();
        assertEquals(List.of(new Sent(0, 3, List.of(1L, 2L, 3L)), new Sent(1, 3, List.of(4L, 5L, 6L)),
                new Sent(2, 3, List.of(7L))), sent);
        assertEquals(List.of("0:3", "3:3", "6:1"), reads, "each page starts after the last member sent");
    }

    @Test
    void shouldSendEveryAnnouncedChunkWhenMembersLeftMeanwhile() {
        GuildListing.run(7, 0, 3, guildOf(members(1, 4)), chunks, () -> false).join();
        assertEquals(List.of(new Sent(0, 3, List.of(1L, 2L, 3L)), new Sent(1, 3, List.of(4L)), new Sent(2, 3, List.of())), sent);
        assertEquals(2, reads.size(), "no read after a short page");
    }

    @Test
    void shouldStopAtTheAnnouncedCountWhenMembersJoinedMeanwhile() {
        GuildListing.run(4, 0, 3, guildOf(members(1, 9)), chunks, () -> false).join();
        assertEquals(List.of(new Sent(0, 2, List.of(1L, 2L, 3L)), new Sent(1, 2, List.of(4L))), sent);
    }

    @Test
    void shouldHonourTheRequestsLimit() {
        GuildListing.run(7, 5, 3, guildOf(members(1, 7)), chunks, () -> false).join();
        assertEquals(List.of(new Sent(0, 2, List.of(1L, 2L, 3L)), new Sent(1, 2, List.of(4L, 5L))), sent);
        assertEquals(1, GuildListing.chunkCount(0, 0, 1000), "an empty answer is one chunk");
        assertEquals(2, GuildListing.chunkCount(1001, 0, 1000));
    }

    @Test
    void shouldStopPagingOnceTheSessionHasEnded() {
        boolean[] ended = new boolean[1];
        GuildListing.Chunks endingAfterTheFirst = (index, count, members) -> {
            chunks.send(index, count, members);
            ended[0] = true;
        };
        GuildListing.run(7, 0, 3, guildOf(members(1, 7)), endingAfterTheFirst, () -> ended[0]).join();
        assertEquals(List.of(new Sent(0, 3, List.of(1L, 2L, 3L))), sent);
        assertEquals(List.of("0:3"), reads, "no page is read for a session that ended");
    }

    @Test
    void shouldSendNothingOfAPageThatArrivesAfterTheSessionEnded() {
        boolean[] ended = new boolean[1];
        GuildListing.Pages endingWhileRead = (after, limit) -> guildOf(members(1, 7)).after(after, limit)
                .thenApply(page -> {
                    ended[0] = true;
                    return page;
                });
        GuildListing.run(7, 0, 3, endingWhileRead, chunks, () -> ended[0]).join();
        assertEquals(List.of(), sent);
        assertEquals(1, reads.size());
    }

    private static List<Member> members(long from, long to) {
        return LongStream.rangeClosed(from, to).mapToObj(id -> new Member(User.of(id, "u" + id, false), null, List.of(),
                "2026-01-01T00:00:00Z", false, false)).toList();
    }
}
