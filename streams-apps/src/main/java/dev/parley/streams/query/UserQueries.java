package dev.parley.streams.query;

import dev.parley.schemas.query.StateQueryApi;
import dev.parley.schemas.query.TokenGeneration;
import dev.parley.schemas.session.SessionCheckpoint;
import dev.parley.schemas.session.SessionStarts;
import dev.parley.schemas.user.UserGuilds;
import dev.parley.streams.presence.PresenceStores;
import dev.parley.streams.user.UserStores;
import io.undertow.server.RoutingHandler;

import java.util.List;

/** The user-keyed reads of the state query API. */
final class UserQueries {

    private UserQueries() {
    }

    static void register(RoutingHandler routes, KeyRouter router) {
        routes.get(StateQueryApi.USER_TEMPLATE, router.keyed(UserStores.USERS, "userId", (exchange, task) -> {
            long userId = Answers.requiredId(exchange, "userId");
            Object user = task.store(UserStores.USERS).get(userId);
            if (user == null) Answers.error(exchange, 404, "unknown user " + userId);
            else Answers.send(exchange, 200, user);
        }));
        routes.get(StateQueryApi.TOKEN_GENERATION_TEMPLATE, router.keyed(UserStores.USERS, "userId", (exchange, task) -> {
            long userId = Answers.requiredId(exchange, "userId");
            if (task.store(UserStores.USERS).get(userId) == null) {
                Answers.error(exchange, 404, "unknown user " + userId);
                return;
            }
            Long generation = task.<Long, Long>store(UserStores.TOKEN_GENERATIONS).get(userId);
            Answers.send(exchange, 200, new TokenGeneration(userId, generation == null ? 0 : generation));
        }));
        routes.get(StateQueryApi.SESSION_STARTS_TEMPLATE, router.keyed(UserStores.SESSION_STARTS, "userId", (exchange, task) -> {
            SessionStarts starts = task.<Long, SessionStarts>store(UserStores.SESSION_STARTS)
                    .get(Answers.requiredId(exchange, "userId"));
            Answers.send(exchange, 200, starts == null ? new SessionStarts(List.of()) : starts.recent(System.currentTimeMillis()));
        }));
        routes.get(StateQueryApi.SESSION_CHECKPOINT_TEMPLATE, router.keyed(PresenceStores.SESSION_CHECKPOINTS, "userId",
                (exchange, task) -> {
                    long userId = Answers.requiredId(exchange, "userId");
                    String sessionId = Answers.text(exchange, "sessionId");
                    SessionCheckpoint checkpoint = task.<String, SessionCheckpoint>store(PresenceStores.SESSION_CHECKPOINTS)
                            .get(sessionId);
                    if (checkpoint == null || checkpoint.userId() != userId) {
                        Answers.error(exchange, 404, "no checkpoint of session " + sessionId + " of user " + userId);
                    } else {
                        Answers.send(exchange, 200, checkpoint);
                    }
                }));
        routes.get(StateQueryApi.USER_GUILDS_TEMPLATE, router.keyed(UserStores.USER_GUILDS, "userId", (exchange, task) -> {
            UserGuilds guilds = task.<Long, UserGuilds>store(UserStores.USER_GUILDS).get(Answers.requiredId(exchange, "userId"));
            Answers.send(exchange, 200, guilds == null ? new UserGuilds(List.of()) : guilds);
        }));
    }
}
