package dev.parley.gateway.rest;

import dev.parley.gateway.auth.IntentGrants;
import dev.parley.gateway.state.StateClient;

import java.util.concurrent.CompletableFuture;

/**
 * Whether a REST caller holds a privileged intent. REST has no session intents, so, as Discord does with an
 * application's approved intents, it follows the caller's grants ({@link IntentGrants}) whatever its sessions asked.
 * Thread-safe.
 */
final class RestGrants {
    private final IntentGrants grants;
    private final StateClient state;

    RestGrants(IntentGrants grants, StateClient state) {
        this.grants = grants;
        this.state = state;
    }

    /**
     * Completes with whether {@code userId} holds every bit of {@code intent}. The user is read (to learn whether it
     * is a bot) only when bots and humans are granted differently; an unknown user holds nothing. Fails as the
     * {@link StateClient} does when the user cannot be read.
     */
    CompletableFuture<Boolean> holds(long userId, long intent) {
        boolean asBot = (grants.granted(userId, true) & intent) == intent;
        boolean asHuman = (grants.granted(userId, false) & intent) == intent;
        if (asBot == asHuman) return CompletableFuture.completedFuture(asBot);
        return state.user(userId).thenApply(user -> user.map(u -> u.bot() ? asBot : asHuman).orElse(false));
    }
}
