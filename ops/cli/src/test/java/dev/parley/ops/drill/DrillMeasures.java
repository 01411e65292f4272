package dev.parley.ops.drill;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.OptionalLong;

/**
 * What one disruption of the drill did to the writes and sessions, computed from the posts' outcomes and the
 * clients' records. Times are from the disruption (kill or stop) in milliseconds.
 *
 * @param node             the node killed or restarted
 * @param kind             {@code kill} or {@code restart}
 * @param refused          posts sent while it was down whose first attempt failed (no answer, a 5xx)
 * @param writesFlowingMs  when the last disrupted post (a failed first attempt, or an answer slower than
 *                         {@link #SLOW}) sent around the disruption was answered: writes flow normally after it
 * @param longestWaitMs    the longest a post sent around the disruption waited for its answer, retries included
 * @param offlineMs        when another gateway's client first saw a user connected only to the killed gateway go
 *                         offline; empty when not measured (not a gateway, or nobody saw it)
 * @param sessionsBackMs   when the last client dropped by it had a READY session again (through the balancer);
 *                         empty when no client was dropped
 * @param reviveRefused    posts sent while it started again (until healthy) whose first attempt failed
 * @param reviveLongestWaitMs the longest a post sent while it started again waited
 */
record DrillMeasures(String node, String kind, long refused, long writesFlowingMs, long longestWaitMs,
                     OptionalLong offlineMs, OptionalLong sessionsBackMs, long reviveRefused, long reviveLongestWaitMs) {
    /** An answer slower than this is a disrupted write. */
    static final Duration SLOW = Duration.ofSeconds(1);
    /** Posts sent this long before the disruption count as around it (they may be waiting on the lost node). */
    static final Duration BEFORE = Duration.ofSeconds(2);

    /** The posts sent from {@link #BEFORE} the disruption at {@code atNanos} until {@code untilNanos}. */
    static List<DrillPoster.Post> around(List<DrillPoster.Post> posts, long atNanos, long untilNanos) {
        List<DrillPoster.Post> around = new ArrayList<>();
        for (DrillPoster.Post p : posts) {
            if (p.sentNanos() >= atNanos - BEFORE.toNanos() && p.sentNanos() <= untilNanos) around.add(p);
        }
        return around;
    }

    /**
     * @param restartedNanos when it was started again (the disruption's own window ends there)
     * @param revivedNanos   when it was healthy again
     */
    static DrillMeasures of(String node, String kind, long atNanos, long restartedNanos, long revivedNanos,
                            List<DrillPoster.Post> posts, OptionalLong offlineMs, OptionalLong sessionsBackMs) {
        List<DrillPoster.Post> around = around(posts, atNanos, restartedNanos);
        List<DrillPoster.Post> revival = posts.stream()
                .filter(p -> p.sentNanos() > restartedNanos && p.sentNanos() <= revivedNanos).toList();
        long refused = around.stream().filter(p -> p.sentNanos() >= atNanos && p.firstFailure() != null).count();
        long flowing = around.stream().filter(p -> p.disrupted(SLOW))
                .mapToLong(p -> Math.max(0, (p.answeredNanos() - atNanos) / 1_000_000)).max().orElse(0);
        long longest = around.stream().mapToLong(DrillPoster.Post::waitedMillis).max().orElse(0);
        return new DrillMeasures(node, kind, refused, flowing, longest, offlineMs, sessionsBackMs,
                revival.stream().filter(p -> p.firstFailure() != null).count(),
                revival.stream().mapToLong(DrillPoster.Post::waitedMillis).max().orElse(0));
    }

    /** The median and maximum of {@code values} ({@code -} for none). */
    static String medianAndMax(long[] values) {
        if (values.length == 0) return "-";
        long[] sorted = values.clone();
        Arrays.sort(sorted);
        long median = sorted.length % 2 == 1 ? sorted[sorted.length / 2]
                : (sorted[sorted.length / 2 - 1] + sorted[sorted.length / 2]) / 2;
        return median + " / " + sorted[sorted.length - 1];
    }

    /**
     * Second by second from {@link #BEFORE} the disruption at {@code atNanos} to {@code untilNanos}: posts sent, how
     * many of them failed a first time, and the longest wait among them (ms), e.g. {@code -2s 40/0/35 -1s ...}.
     */
    static String timeline(List<DrillPoster.Post> posts, long atNanos, long untilNanos) {
        StringBuilder out = new StringBuilder();
        long second = 1_000_000_000L;
        for (long from = atNanos - BEFORE.toNanos(); from < untilNanos; from += second) {
            long start = from;
            List<DrillPoster.Post> sent = posts.stream().filter(p -> p.sentNanos() >= start && p.sentNanos() < start + second).toList();
            long failed = sent.stream().filter(p -> p.firstFailure() != null).count();
            long longest = sent.stream().mapToLong(DrillPoster.Post::waitedMillis).max().orElse(0);
            out.append((from - atNanos) / second).append("s ").append(sent.size()).append('/').append(failed).append('/')
                    .append(longest).append(' ');
        }
        return out.toString().strip();
    }

    String row() {
        return "| " + node + " | " + kind + " | " + refused + " | " + writesFlowingMs + " | " + longestWaitMs + " | "
                + (offlineMs.isPresent() ? offlineMs.getAsLong() : "-") + " | "
                + (sessionsBackMs.isPresent() ? sessionsBackMs.getAsLong() : "-") + " | " + reviveRefused + " | "
                + reviveLongestWaitMs + " |";
    }
}
