package dev.parley.gateway.protocol;

/**
 * One dispatch (op 0) to send: its {@code t} and its {@code d}, serialized once and shared by every session that
 * receives it; only the sequence number {@code s} differs between sessions, spliced in when the frame is written.
 *
 * <p>{@link #shedding} says what a congested session (its outbound queue over half full) may do instead of queueing
 * it: nothing ({@link Shedding#NEVER}), drop it ({@link Shedding#DROP}, e.g. TYPING_START), or keep only the latest
 * dispatch with the same {@link #coalesceKey} until the queue has drained ({@link Shedding#LATEST}, e.g. one user's
 * PRESENCE_UPDATE). A shed dispatch takes no sequence number, so {@code s} never has gaps.
 *
 * @param coalesceKey     for {@link Shedding#LATEST}: what makes two dispatches the same thing (e.g. the user id)
 * @param eventTimeMillis when the event happened (its Kafka record's timestamp), for the dispatch delay metric; 0
 *                        when it has none (READY, answers to a request)
 */
public record Dispatch(String type, byte[] payload, Shedding shedding, long coalesceKey, long eventTimeMillis) {

    /** What a congested session may do with a dispatch. */
    public enum Shedding { NEVER, DROP, LATEST }

    /** A dispatch that is always delivered. */
    public static Dispatch of(String type, byte[] payload) {
        return new Dispatch(type, payload, Shedding.NEVER, 0, 0);
    }

    /** A dispatch a congested session drops. */
    public static Dispatch droppable(String type, byte[] payload) {
        return new Dispatch(type, payload, Shedding.DROP, 0, 0);
    }

    /** A dispatch a congested session replaces with the latest one of the same {@code key}. */
    public static Dispatch latestPer(long key, String type, byte[] payload) {
        return new Dispatch(type, payload, Shedding.LATEST, key, 0);
    }

    /** This dispatch, of an event that happened at {@code eventTimeMillis}. */
    public Dispatch at(long eventTimeMillis) {
        return new Dispatch(type, payload, shedding, coalesceKey, eventTimeMillis);
    }

    /** The frame's length on the wire, not counting the digits of {@code s} (an estimate within a few bytes). */
    public int wireBytes() {
        return payload.length + type.length() + 32;
    }
}
