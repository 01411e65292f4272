package dev.parley.streams;

import dev.parley.schemas.Command;
import dev.parley.schemas.reply.Accepted;
import dev.parley.schemas.reply.CommandReply;
import dev.parley.schemas.reply.Rejected;
import dev.parley.schemas.reply.Rejection;

import java.util.List;

/**
 * What applying one command produced: the events to publish, in order, and the reply for the gateway that asked.
 * Lives only between a command processor and its sinks; never serialized.
 *
 * @param replyTo the asking gateway, or null when nobody waits
 */
public record Outcome<E>(List<E> events, String replyTo, CommandReply reply) {

    public Outcome {
        events = List.copyOf(events);
    }

    /** The command was applied: publish {@code events}; answer with {@code body} (a Discord-shaped JSON value or null). */
    public static <E> Outcome<E> accepted(Command command, List<E> events, Object body) {
        return new Outcome<>(events, command.replyTo(),
                new Accepted(command.requestId(), body == null ? null : dev.parley.schemas.json.Json.MAPPER.valueToTree(body)));
    }

    /** The command was refused: nothing to publish; answer why. */
    public static <E> Outcome<E> rejected(Command command, Rejection reason, String field, String message) {
        return new Outcome<>(List.of(), command.replyTo(), new Rejected(command.requestId(), reason, field, message));
    }
}
