package dev.parley.schemas.user;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;

/**
 * What changed for one user, keyed by user id on {@code user-events}: read by every gateway holding a session
 * of the user.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({
        @JsonSubTypes.Type(value = UserGuildJoined.class, name = "USER_GUILD_JOINED"),
        @JsonSubTypes.Type(value = UserGuildLeft.class, name = "USER_GUILD_LEFT"),
        @JsonSubTypes.Type(value = UserUpdated.class, name = "USER_UPDATE"),
        @JsonSubTypes.Type(value = UserTokensRevoked.class, name = "USER_TOKENS_REVOKED"),
})
public sealed interface UserEvent permits UserGuildJoined, UserGuildLeft, UserUpdated, UserTokensRevoked {

    /** The user, which is also the record key. */
    long userId();
}
