package dev.parley.ops.replay;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.schemas.guild.GuildEvent;
import dev.parley.schemas.presence.PresenceUpdate;

/** The type name of a guild-keyed record's value: what {@code parley replay --type} filters on. */
final class EventType {
    private EventType() {
    }

    /**
     * A guild event's dispatch type ({@code MESSAGE_CREATE}), {@code PRESENCE_UPDATE} for a presence, otherwise
     * the value's JSON {@code type} (a command's, e.g. {@code CREATE_MESSAGE}), else its class's simple name.
     *
     * @param value the deserialized value, not null
     * @param json  the same value as JSON, not null
     */
    static String of(Object value, JsonNode json) {
        if (value instanceof GuildEvent event) return event.dispatchType();
        if (value instanceof PresenceUpdate update) return update.dispatchType();
        JsonNode type = json.get("type");
        return type != null && type.isTextual() ? type.asText() : value.getClass().getSimpleName();
    }
}
