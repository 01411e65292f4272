package dev.parley.gateway.rest;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.gateway.http.PathParameters;
import dev.parley.gateway.state.CommandBus;
import dev.parley.gateway.state.Lookup;
import dev.parley.gateway.state.StateUnavailableException;
import dev.parley.schemas.Topics;
import dev.parley.schemas.guild.GuildCommand;
import dev.parley.schemas.reply.Accepted;
import dev.parley.schemas.reply.CommandReply;
import dev.parley.schemas.user.UserCommand;
import dev.parley.schemas.reply.Rejected;
import dev.parley.schemas.reply.Rejection;
import io.undertow.server.HttpServerExchange;

import java.util.Deque;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/**
 * What the REST (and admin) endpoints share: path and body fields, lookups, and answering with a state app's
 * decision. A malformed path, query or body field throws {@link BadField}, answered 400 naming the field. A
 * rejection is answered with its {@link Rejection}'s status and Discord code, in one place ({@link #rejected}).
 */
public final class RestSupport {
    static final String ME = "@me";

    private RestSupport() {
    }

    /** The authenticated user. */
    static long actor(HttpServerExchange exchange) {
        return exchange.getAttachment(RestAuth.USER_ID);
    }

    /**
     * A snowflake parameter of the matched path ({@link PathParameters}: never the query string); {@code @me} is the
     * actor.
     */
    static long pathId(HttpServerExchange exchange, String name) {
        String raw = PathParameters.get(exchange, name);
        if (ME.equals(raw)) return actor(exchange);
        try {
            return Long.parseLong(raw);
        } catch (NumberFormatException | NullPointerException e) {
            throw new BadField(name, name + " must be a snowflake id, got '" + raw + "'");
        }
    }

    /** A numeric query parameter within {@code min..max}, or {@code fallback} when absent. */
    static long queryNumber(HttpServerExchange exchange, String name, long fallback, long min, long max) {
        Deque<String> values = exchange.getQueryParameters().get(name);
        if (values == null || values.isEmpty() || values.getFirst().isEmpty()) return fallback;
        try {
            long value = Long.parseLong(values.getFirst());
            if (value >= min && value <= max) return value;
        } catch (NumberFormatException e) {
            // below
        }
        throw new BadField(name, name + " must be " + min + "-" + max + ", got '" + values.getFirst() + "'");
    }

    /** A lookup's answer: {@code found} of the value, {@code unknown} (a 404), or 403 for a non-member. */
    static <T> Answer answer(Lookup<T> lookup, Rejection unknown, Function<T, Answer> found) {
        if (lookup instanceof Lookup.Found<T> value) return found.apply(value.value());
        if (lookup instanceof Lookup.Forbidden<T>) return missingAccess("Missing Access");
        return Answer.error(unknown, ((Lookup.Missing<T>) lookup).message());
    }

    /** 403 Missing Access (50001). */
    static Answer missingAccess(String message) {
        return Answer.error(Rejection.MISSING_ACCESS, message);
    }

    /**
     * Sends {@code command} to the guild app; its decision becomes {@code accepted} of the reply body (null when
     * the app answered nothing, e.g. a delete), or the rejection's status and Discord code.
     */
    static CompletableFuture<Answer> command(CommandBus commands, GuildCommand command, Function<JsonNode, Answer> accepted) {
        return answer(commands.send(Topics.GUILD_COMMANDS, command.guildId(), command), accepted);
    }

    /** As {@link #command(CommandBus, GuildCommand, Function)}, for a command to the user state app. */
    public static CompletableFuture<Answer> command(CommandBus commands, UserCommand command, Function<JsonNode, Answer> accepted) {
        return answer(commands.send(Topics.USER_COMMANDS, command.userId(), command), accepted);
    }

    private static CompletableFuture<Answer> answer(CompletableFuture<CommandReply> decision, Function<JsonNode, Answer> accepted) {
        return decision.thenApply(reply -> {
            if (reply instanceof Rejected rejected) return rejected(rejected);
            JsonNode body = ((Accepted) reply).body();
            return accepted.apply(body == null || body.isNull() ? null : body);
        });
    }

    /**
     * The answer to a rejection: its {@link Rejection}'s status and code, 400 naming the field for an invalid one;
     * {@link Rejection#EXPIRED} throws {@link StateUnavailableException}, answered 503 with {@code Retry-After} (the
     * write was not applied) by {@link AsyncResponses}.
     */
    static Answer rejected(Rejected rejected) {
        if (rejected.reason() == Rejection.INVALID_FORM_BODY) return Answer.invalidField(rejected.field(), rejected.message());
        if (rejected.reason() == Rejection.EXPIRED) throw new StateUnavailableException(rejected.message());
        return Answer.error(rejected.reason(), rejected.message());
    }

    /** Runs {@code answer} and writes what its future decides; a {@link BadField} thrown at once answers 400. */
    public static void respond(HttpServerExchange exchange, java.util.function.Supplier<CompletableFuture<Answer>> answer) {
        CompletableFuture<Answer> future;
        try {
            future = answer.get();
        } catch (BadField e) {
            Answer.invalidField(e.field, e.getMessage()).send(exchange);
            return;
        }
        AsyncResponses.respond(exchange, future, (ex, a) -> a.send(ex));
    }

    /** Reads the JSON body, then {@link #respond}s with what {@code answer} makes of it. */
    static void respondToBody(HttpServerExchange exchange, long maxBytes,
                              Function<JsonNode, CompletableFuture<Answer>> answer) {
        JsonBody.read(exchange, maxBytes, (ex, body) -> respond(ex, () -> answer.apply(body)));
    }

    /** A string field of a JSON body, null when absent or null. */
    static String text(JsonNode body, String field) {
        JsonNode value = body.get(field);
        if (value == null || value.isNull()) return null;
        if (!value.isTextual()) throw new BadField(field, field + " must be a string");
        return value.textValue();
    }

    /** A snowflake field of a JSON body (string or number), null when absent or null. */
    static Long snowflake(JsonNode body, String field) {
        JsonNode value = body.get(field);
        if (value == null || value.isNull()) return null;
        try {
            if (value.isIntegralNumber()) return value.longValue();
            if (value.isTextual()) return Long.parseLong(value.textValue());
        } catch (NumberFormatException e) {
            // below
        }
        throw new BadField(field, field + " must be a snowflake id");
    }

    /** An integer field, null when absent or null. */
    static Integer integer(JsonNode body, String field) {
        JsonNode value = body.get(field);
        if (value == null || value.isNull()) return null;
        if (!value.isIntegralNumber() || !value.canConvertToInt()) throw new BadField(field, field + " must be an integer");
        return value.intValue();
    }

    /** A boolean field, {@code fallback} when absent or null. */
    static boolean flag(JsonNode body, String field, boolean fallback) {
        JsonNode value = body.get(field);
        if (value == null || value.isNull()) return fallback;
        if (!value.isBoolean()) throw new BadField(field, field + " must be true or false");
        return value.booleanValue();
    }

    /**
     * {@code value} when {@code rule} (one of {@link dev.parley.schemas.guild.GuildFields}') finds nothing wrong with it.
     *
     * @throws BadField naming {@code field} with what the rule found
     */
    static String checked(String field, String value, java.util.function.Function<String, String> rule) {
        String problem = rule.apply(value);
        if (problem != null) throw new BadField(field, problem);
        return value;
    }

    /** A request field of the wrong type or range; answered 400 naming the field. */
    static final class BadField extends RuntimeException {
        private static final long serialVersionUID = 1L;
        final String field;

        BadField(String field, String message) {
            super(message);
            this.field = field;
        }
    }
}
