package dev.parley.schemas.user;

import dev.parley.schemas.guild.User;

/** Create {@code user}, whose id the gateway chose (a snowflake); the reply carries the stored user. */
public record RegisterUser(String requestId, String replyTo, User user) implements UserCommand {

    @Override
    public long userId() {
        return user.id();
    }
}
