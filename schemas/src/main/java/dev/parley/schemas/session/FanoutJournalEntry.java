package dev.parley.schemas.session;

import java.util.List;

/**
 * The order in which a gateway's fan-out routed what one poll returned, on {@code fanout-journal} (keyed by gateway
 * id): for each partition, in the order routed, the records it routed of it. Together with a {@link SessionCheckpoint}
 * naming a poll of the same run, the entries after that poll say in which order the records after the checkpoint's
 * positions were turned into the session's dispatches, which the records alone do not (partitions interleave).
 * Written once the poll's records are routed, without waiting: the journal can end short of what was routed.
 *
 * @param run    the gateway's run ({@link GatewayHeartbeat#startedAt}): polls are numbered per run
 * @param poll   this poll's number in the run, from 1; consecutive over the polls that returned records
 * @param ranges what the poll returned, per partition, in the order routed
 * @param shed   the sessions that shed a dispatch while this poll was routed (dropped it, or kept it back to send
 *               later): they gave it no sequence number then, so their numbering no longer follows the records
 */
public record FanoutJournalEntry(String gatewayId, long run, long poll, List<Range> ranges, List<String> shed) {

    public FanoutJournalEntry {
        ranges = List.copyOf(ranges);
        shed = List.copyOf(shed);
    }

    /** The records of {@code topic}'s {@code partition} from offset {@code from} (inclusive) below {@code until}. */
    public record Range(String topic, int partition, long from, long until) {
    }
}
