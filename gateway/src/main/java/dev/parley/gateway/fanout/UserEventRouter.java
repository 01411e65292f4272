package dev.parley.gateway.fanout;

import dev.parley.gateway.protocol.GuildPayloads;
import dev.parley.gateway.protocol.Intents;
import dev.parley.gateway.session.GatewaySession;
import dev.parley.gateway.session.SessionRegistry;
import dev.parley.gateway.state.Lookup;
import dev.parley.gateway.state.StateClient;
import dev.parley.schemas.query.GuildSnapshot;
import dev.parley.schemas.user.UserEvent;
import dev.parley.schemas.user.UserGuildJoined;
import dev.parley.schemas.user.UserGuildLeft;
import dev.parley.schemas.user.UserTokensRevoked;
import dev.parley.schemas.user.UserUpdated;
import dev.parley.gateway.protocol.Payloads;
import dev.parley.gateway.protocol.V10JsonCodec;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongConsumer;
import java.util.function.LongFunction;

/**
 * Acts on a local user's {@code user-events}: a join makes sure the guild's partition is read from the join
 * onwards, so the {@link GuildEventRouter} sees it and subscribes the user's sessions in order; when the partition
 * was already read past the join, the guild is fetched and announced directly. A leave the guild router did not see
 * unsubscribes. A revocation of a user's tokens (whoever's in the partitions read) is passed on to
 * {@code tokensRevoked} and ends the user's sessions opened with a revoked token (4004). Runs on the fan-out
 * consumer's thread.
 */
final class UserEventRouter {
    private static final Logger log = LoggerFactory.getLogger(UserEventRouter.class);

    private final SessionRegistry registry;
    private final GuildSubscriptions subscriptions;
    private final GuildEventRouter.Subscriber subscriber;
    private final PartitionBook book;
    private final LongFunction<TopicPartition> guildPartition;
    private final StateClient state;
    private final FanoutConsumer consumer;
    private final LongConsumer tokensRevoked;
    /** Joins whose guild partition is held open until the guild router has seen them: (user, guild) → partition. */
    private final Map<List<Long>, TopicPartition> pendingJoins = new HashMap<>();

    UserEventRouter(SessionRegistry registry, GuildSubscriptions subscriptions, GuildEventRouter.Subscriber subscriber,
                    PartitionBook book, LongFunction<TopicPartition> guildPartition, StateClient state,
                    FanoutConsumer consumer, LongConsumer tokensRevoked) {
        this.tokensRevoked = tokensRevoked;
        this.registry = registry;
        this.subscriptions = subscriptions;
        this.subscriber = subscriber;
        this.book = book;
        this.guildPartition = guildPartition;
        this.state = state;
        this.consumer = consumer;
    }

    void route(UserEvent event) {
        if (event instanceof UserGuildJoined joined) joined(joined);
        else if (event instanceof UserGuildLeft left) left(left);
        else if (event instanceof UserUpdated updated) updated(updated);
        else if (event instanceof UserTokensRevoked revoked) revoked(revoked);
    }

    /** Tokens of the user older than the event's generation no longer hold: forget them, end what they opened. */
    private void revoked(UserTokensRevoked revoked) {
        tokensRevoked.accept(revoked.userId());
        int ended = registry.endRevoked(revoked.userId(), revoked.generation());
        if (ended > 0) log.info("tokens of user {} revoked: {} session(s) closed", revoked.userId(), ended);
    }

    /** The guild router subscribed {@code userId} to {@code guildId}: the partition is no longer held for the join. */
    void joinSeen(long userId, long guildId) {
        TopicPartition held = pendingJoins.remove(List.of(userId, guildId));
        if (held != null) book.release(held);
    }

    private void joined(UserGuildJoined joined) {
        List<GatewaySession> missing = registry.sessionsOf(joined.userId()).stream()
                .filter(s -> s.shard().holds(joined.guildId()) && !subscriptions.subscribed(s, joined.guildId()))
                .toList();
        if (missing.isEmpty()) return;
        TopicPartition partition = guildPartition.apply(joined.guildId());
        if (book.acquire(partition, joined.offset())) {
            TopicPartition previous = pendingJoins.put(List.of(joined.userId(), joined.guildId()), partition);
            if (previous != null) book.release(previous);
            return;
        }
        book.release(partition);
        for (GatewaySession session : missing) announce(session, joined.guildId());
    }

    /** The join was read before this session existed or subscribed: fetch the guild and announce it. */
    private void announce(GatewaySession session, long guildId) {
        long epoch = subscriptions.leaveEpoch(session.user().id());
        state.snapshot(guildId, session.user().id(), session.largeThreshold()).whenComplete((lookup, error) -> {
            if (error != null) {
                log.warn("cannot announce guild {} to session {}: {}", guildId, session.id(), error.getMessage());
                return;
            }
            if (!(lookup instanceof Lookup.Found<GuildSnapshot> found)) return;
            consumer.execute(() -> {
                if (subscriptions.leaveEpoch(session.user().id()) != epoch) return;
                if (!subscriber.subscribe(session, guildId)) return;
                if ((session.intents() & Intents.GUILDS) != 0) {
                    session.dispatch(guildId, "GUILD_CREATE", GuildPayloads.guildCreate(found.value(),
                            session.user().id(), session.intents(), session.largeThreshold()));
                }
            });
        });
    }

    /** USER_UPDATE to the user's own sessions (their guilds hear of it as GUILD_MEMBER_UPDATE). */
    private void updated(UserUpdated updated) {
        byte[] payload = null;
        for (GatewaySession session : registry.sessionsOf(updated.userId())) {
            if (payload == null) payload = V10JsonCodec.payload(Payloads.selfUser(updated.user()));
            session.dispatch("USER_UPDATE", payload);
        }
    }

    /** The user has no session here any more: forget the joins held open for them. */
    void forgetUser(long userId) {
        pendingJoins.entrySet().removeIf(entry -> {
            if (entry.getKey().get(0) != userId) return false;
            book.release(entry.getValue());
            return true;
        });
        subscriptions.forgetUser(userId);
    }

    private void left(UserGuildLeft left) {
        subscriptions.recordLeave(left.userId());
        joinSeen(left.userId(), left.guildId());
        for (GatewaySession session : registry.sessionsOf(left.userId())) {
            if (subscriber.unsubscribe(session, left.guildId()) && (session.intents() & Intents.GUILDS) != 0) {
                session.dispatch(left.guildId(), "GUILD_DELETE", GuildPayloads.guildDeleted(left.guildId()));
            }
        }
    }
}
