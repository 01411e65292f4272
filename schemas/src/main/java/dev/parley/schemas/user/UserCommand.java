package dev.parley.schemas.user;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import dev.parley.schemas.Command;

/** What a user (or an operator) asks about the user, keyed by user id on {@code user-commands}; the user state app decides. */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({
        @JsonSubTypes.Type(value = RegisterUser.class, name = "REGISTER_USER"),
        @JsonSubTypes.Type(value = UpdateProfile.class, name = "UPDATE_PROFILE"),
        @JsonSubTypes.Type(value = RevokeTokens.class, name = "REVOKE_TOKENS"),
})
public sealed interface UserCommand extends Command permits RegisterUser, UpdateProfile, RevokeTokens {

    /** The user, which is also the record key. */
    long userId();
}
