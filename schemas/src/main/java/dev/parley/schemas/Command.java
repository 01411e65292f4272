package dev.parley.schemas;

/** What every command to a state app carries, whatever its topic. */
public interface Command {

    /** Unique per command; the reply carries it back. */
    String requestId();

    /** The gateway to send the reply to (the key on {@code command-replies}), or null when nobody waits. */
    String replyTo();
}
