package dev.parley.schemas.reply;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;

/**
 * A state app's answer to one command, keyed by the gateway that asked (the command's {@code reply_to}) on
 * {@code command-replies}. The gateway completes the waiting REST request with it.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({
        @JsonSubTypes.Type(value = Accepted.class, name = "ACCEPTED"),
        @JsonSubTypes.Type(value = Rejected.class, name = "REJECTED"),
})
public sealed interface CommandReply permits Accepted, Rejected {

    /** The command's request id. */
    String requestId();
}
