package dev.parley.gateway.session;

import dev.parley.schemas.guild.Member;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.BooleanSupplier;

/**
 * Lists a whole guild as GUILD_MEMBERS_CHUNKs, one page read at a time: {@code chunk_count} is known before the first
 * read (from the guild's {@code member_count}, or the request's limit), each page of at most {@code pageSize}
 * members is sent as its chunk as soon as it arrives, and the next page is read only then, so no more than one page
 * of a guild of any size is held at once. Members who join meanwhile may be left out and those who leave make a page
 * short; every chunk up to {@code chunk_count} is sent all the same (empty after a short page), since clients wait
 * for the last index. Once {@code stopped} says so (the session ended) the listing stops: no further page is read
 * and no further chunk sent.
 *
 * <p>Pure logic over {@link Pages} and {@link Chunks}; each page is read after the previous chunk was handed on.
 */
final class GuildListing {
    /** Reads up to {@code limit} members with user ids above {@code after}, in id order. */
    interface Pages {
        CompletableFuture<List<Member>> after(long after, int limit);
    }

    /** Sends chunk {@code index} of {@code count}. */
    interface Chunks {
        void send(int index, int count, List<Member> members);
    }

    private GuildListing() {
    }

    /** The chunks a listing of {@code memberCount} members, at most {@code limit} of them (0: all), is sent in. */
    static int chunkCount(int memberCount, int limit, int pageSize) {
        int total = total(memberCount, limit);
        return Math.max(1, (total + pageSize - 1) / pageSize);
    }

    /**
     * Lists the guild; completes when the last chunk was handed on or the listing stopped, or fails with the first
     * failed read.
     *
     * @param stopped whether to stop (asked before each page is read and each chunk sent)
     */
    static CompletableFuture<Void> run(int memberCount, int limit, int pageSize, Pages pages, Chunks chunks,
                                       BooleanSupplier stopped) {
        int total = total(memberCount, limit);
        int count = chunkCount(memberCount, limit, pageSize);
        return new Listing(count, pageSize, pages, chunks, stopped).next(0, total, 0);
    }

    private record Listing(int count, int pageSize, Pages pages, Chunks chunks, BooleanSupplier stopped) {
        CompletableFuture<Void> next(int index, int left, long after) {
            if (index >= count || stopped.getAsBoolean()) return CompletableFuture.completedFuture(null);
            if (left <= 0) {
                chunks.send(index, count, List.of());
                return next(index + 1, 0, after);
            }
            int want = Math.min(pageSize, left);
            return pages.after(after, want).thenCompose(page -> {
                if (stopped.getAsBoolean()) return CompletableFuture.completedFuture(null);
                List<Member> sent = page.size() > want ? page.subList(0, want) : page;
                chunks.send(index, count, sent);
                int stillLeft = sent.size() < want ? 0 : left - sent.size();
                long last = sent.isEmpty() ? after : sent.get(sent.size() - 1).user().id();
                return next(index + 1, stillLeft, last);
            });
        }
    }

    private static int total(int memberCount, int limit) {
        int members = Math.max(0, memberCount);
        return limit > 0 ? Math.min(limit, members) : members;
    }
}
