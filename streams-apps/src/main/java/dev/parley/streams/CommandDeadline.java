package dev.parley.streams;

import dev.parley.schemas.Command;
import dev.parley.schemas.CommandHeaders;
import dev.parley.schemas.reply.Rejection;
import org.apache.kafka.common.header.Headers;

import java.util.OptionalLong;

/**
 * The deadline check every command processor makes before applying a command: past its
 * {@link CommandHeaders#EXPIRES_AT} nobody waits for it (the gateway answered 503 and the client may retry), so it
 * must not be applied, or the retry would be applied a second time.
 */
public final class CommandDeadline {

    private CommandDeadline() {
    }

    /** The refusal of {@code command} when {@code now} (wall-clock epoch ms) is past its deadline, else null. */
    public static <E> Outcome<E> refuseIfExpired(Command command, Headers headers, long now) {
        OptionalLong deadline = CommandHeaders.expiresAt(headers);
        if (deadline.isEmpty() || now <= deadline.getAsLong()) return null;
        return Outcome.rejected(command, Rejection.EXPIRED, null, "request " + command.requestId() + " expired "
                + (now - deadline.getAsLong()) + " ms before it was read; it was not applied");
    }
}
