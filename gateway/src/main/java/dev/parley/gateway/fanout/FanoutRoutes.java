package dev.parley.gateway.fanout;

import dev.parley.gateway.metrics.GatewayMetrics;
import dev.parley.gateway.protocol.Dispatch;
import dev.parley.gateway.protocol.GuildPayloads;
import dev.parley.gateway.protocol.Intents;
import dev.parley.gateway.protocol.Payloads;
import dev.parley.gateway.protocol.V10JsonCodec;
import dev.parley.schemas.guild.Guild;
import dev.parley.schemas.guild.GuildCreated;
import dev.parley.schemas.guild.GuildEvent;
import dev.parley.schemas.guild.GuildMemberAdded;
import dev.parley.schemas.guild.GuildMemberRemoved;
import dev.parley.schemas.guild.Member;
import dev.parley.schemas.guild.MessageCreated;
import dev.parley.schemas.presence.PresenceUpdate;
import dev.parley.schemas.query.GuildSnapshot;
import dev.parley.schemas.user.UserEvent;
import dev.parley.schemas.user.UserGuildJoined;
import dev.parley.schemas.user.UserGuildLeft;
import dev.parley.schemas.user.UserTokensRevoked;
import dev.parley.schemas.user.UserUpdated;
import org.apache.kafka.common.TopicPartition;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The fan-out's routing state and the one place it changes: which sessions receive which guilds' and users' events,
 * which partitions are read for them, and which joins are on their way. Its inputs are sessions starting and ending
 * ({@link #watch}, {@link #attach}, {@link #start}, {@link #end}), records read ({@link #guildEvent},
 * {@link #presence}, {@link #userEvent}) and guild snapshots fetched ({@link #snapshotArrived}); its outputs are
 * assignment changes ({@link PartitionBook.Assignment}), dispatches handed to sessions ({@link FanoutSession#dispatch})
 * and requests to the outside ({@link Effects}). It reads no clock and does no I/O, so the same inputs in the same
 * order give the same outputs: records replayed from a position yield the dispatches they yielded the first time.
 *
 * <p>Membership moves subscriptions at its exact place in the guild's order: a joiner's sessions get GUILD_CREATE and
 * everything after it, a leaver's get GUILD_DELETE and nothing after it, whether the leave was read from the guild's
 * events or from the user's. A join read from the user's events whose guild partition was read past it already is
 * announced from a snapshot, unless the user left a guild meanwhile (the snapshot could be older than the leave).
 *
 * <p>Confined to the fan-out consumer's thread, except {@link #guildsOf}.
 */
final class FanoutRoutes {
    /** What the routing state asks of the outside world; called on the consumer thread, must not block. */
    interface Effects {
        /**
         * Fetch guild {@code guildId} as {@code session} sees it and pass it to {@link #snapshotArrived} (on the
         * consumer thread) with {@code leaveEpoch}, if the user is still a member.
         */
        void fetchSnapshot(FanoutSession session, long guildId, long leaveEpoch);

        /** Tokens of user {@code userId} older than {@code generation} no longer hold. */
        void tokensRevoked(long userId, long generation);

        /** {@code session} is new, or the guilds it receives changed. */
        void sessionChanged(FanoutSession session);

        /** {@code session} ended and receives nothing more. */
        void sessionEnded(FanoutSession session);

        /** {@code session} shed a dispatch handed to it (dropped it, or kept it back): it took no sequence number. */
        void shed(FanoutSession session);
    }

    /** A join held open until the guild's events show it. */
    private record PendingJoin(long userId, long guildId) {
    }

    private final FanoutTopics topics;
    private final PartitionBook book;
    private final Effects effects;
    private final GatewayMetrics metrics;
    private final ReplayFilter replays;
    private final GuildSubscriptions subscriptions = new GuildSubscriptions();
    private final GuildDelivery delivery;
    /** Sessions whose user's events are read, by user. */
    private final Map<Long, Set<FanoutSession>> sessionsByUser = new HashMap<>();
    /** Joins whose guild partition is held open until its events show them, and the partition held. */
    private final Map<PendingJoin, TopicPartition> pendingJoins = new HashMap<>();
    /** Leaves seen per user with sessions here: a snapshot fetched before a leave is stale. */
    private final Map<Long, Long> leaveEpochs = new HashMap<>();

    /** @param replayWindow guild events remembered per partition to drop replays ({@link ReplayFilter}) */
    FanoutRoutes(FanoutTopics topics, PartitionBook.Assignment assignment, Effects effects, GatewayMetrics metrics,
                 int replayWindow) {
        this.topics = topics;
        this.book = new PartitionBook(assignment);
        this.effects = effects;
        this.delivery = new GuildDelivery(subscriptions, effects::shed);
        this.metrics = metrics;
        this.replays = new ReplayFilter(replayWindow);
    }

    /** Starts reading {@code session}'s user's events, from now on: before the user's guilds are read. */
    void watch(FanoutSession session) {
        watch(session, -1);
    }

    /** Starts delivering {@code guildIds}' events to {@code session}, reading their partitions from now on. */
    void attach(FanoutSession session, Collection<Long> guildIds) {
        for (long guildId : guildIds) subscribe(session, guildId);
    }

    /** Stops delivering the {@code notMember} guilds to {@code session}: the reads showed it is not in them. */
    void start(FanoutSession session, Set<Long> notMember) {
        for (long guildId : notMember) unsubscribe(session, guildId);
    }

    /** Stops all delivery to {@code session} (it ended); forgets its user when it was the last of theirs. */
    void end(FanoutSession session) {
        for (long guildId : List.copyOf(subscriptions.guildsOf(session))) unsubscribe(session, guildId);
        Set<FanoutSession> ofUser = sessionsByUser.get(session.userId());
        if (ofUser == null || !ofUser.remove(session)) return;
        effects.sessionEnded(session);
        book.release(topics.userPartition(session.userId()));
        if (!ofUser.isEmpty()) return;
        sessionsByUser.remove(session.userId());
        leaveEpochs.remove(session.userId());
        pendingJoins.entrySet().removeIf(entry -> {
            if (entry.getKey().userId() != session.userId()) return false;
            book.release(entry.getValue());
            return true;
        });
    }

    /**
     * A record of {@code guild-events} partition {@code partition}: {@code event}, whose record value is {@code bytes},
     * written at {@code timestampMillis}. A replay of an event delivered already is dropped ({@link ReplayFilter}).
     */
    void guildEvent(int partition, GuildEvent event, byte[] bytes, long timestampMillis) {
        if (replays.isReplay(partition, event, bytes)) {
            metrics.replayDropped(event.dispatchType());
            return;
        }
        if (event instanceof GuildCreated created) {
            join(created.owner(), created.guild());
        } else if (event instanceof GuildMemberAdded added) {
            delivery.deliver(event, added.member().user().id(), timestampMillis);
            join(added.member(), added.guild());
        } else if (event instanceof GuildMemberRemoved removed) {
            leave(removed.user().id(), removed.guildId());
            delivery.deliver(event, -1, timestampMillis);
        } else if (event instanceof MessageCreated created) {
            delivery.deliverMessage(created, timestampMillis);
        } else {
            delivery.deliver(event, -1, timestampMillis);
        }
    }

    /** Stops all delivery to every session (the gateway hands them off). */
    void endAll() {
        List<FanoutSession> all = new ArrayList<>();
        sessionsByUser.values().forEach(all::addAll);
        for (FanoutSession session : all) end(session);
    }

    /**
     * A record of {@code guild-events} partition {@code partition} read before the routing state started, remembered
     * only so that a replay of it is recognised ({@link ReplayFilter}); nothing is delivered.
     */
    void seen(int partition, GuildEvent event, byte[] bytes) {
        replays.isReplay(partition, event, bytes);
    }

    /**
     * Takes over {@code session}, rebuilt elsewhere up to {@code from}: it receives its user's events and
     * {@code guilds}' from now on, and the joins in {@code pendingJoins} (guild id → partition) are held open for it.
     * A partition not read yet is read from its offset in {@code from}; one read already must be at or past it (the
     * caller checked), since records before are not delivered again.
     */
    void adopt(FanoutSession session, Collection<Long> guilds, Map<Long, TopicPartition> pendingJoins,
               Map<TopicPartition, Long> from) {
        if (session.isEnded()) return;
        watch(session, from.getOrDefault(topics.userPartition(session.userId()), -1L));
        for (long guildId : guilds) subscribe(session, guildId, from);
        pendingJoins.forEach((guildId, partition) -> {
            PendingJoin join = new PendingJoin(session.userId(), guildId);
            if (!this.pendingJoins.containsKey(join)) {
                book.acquire(partition, from.getOrDefault(partition, -1L));
                this.pendingJoins.put(join, partition);
            }
        });
    }

    /** The joins of {@code userId} held open (guild id → partition). */
    Map<Long, TopicPartition> pendingJoinsOf(long userId) {
        Map<Long, TopicPartition> joins = new HashMap<>();
        pendingJoins.forEach((join, partition) -> {
            if (join.userId() == userId) joins.put(join.guildId(), partition);
        });
        return joins;
    }

    /** A record of {@code presence-updates}, written at {@code timestampMillis}. */
    void presence(PresenceUpdate update, long timestampMillis) {
        delivery.deliver(update, timestampMillis);
    }

    /** A record of {@code user-events}. */
    void userEvent(UserEvent event) {
        if (event instanceof UserGuildJoined joined) joined(joined);
        else if (event instanceof UserGuildLeft left) leave(left.userId(), left.guildId());
        else if (event instanceof UserUpdated updated) updated(updated);
        else if (event instanceof UserTokensRevoked revoked) effects.tokensRevoked(revoked.userId(), revoked.generation());
    }

    /**
     * The snapshot {@link Effects#fetchSnapshot} was asked for: unless the user left a guild since it was asked for
     * (the snapshot may predate the leave) or the session is subscribed already, the session is subscribed and sent
     * GUILD_CREATE.
     */
    void snapshotArrived(FanoutSession session, long guildId, long leaveEpoch, GuildSnapshot snapshot) {
        if (leaveEpochs.getOrDefault(session.userId(), 0L) != leaveEpoch || !subscribe(session, guildId)) return;
        if ((session.intents() & Intents.GUILDS) != 0) {
            session.dispatch(guildId, GuildPayloads.guildCreate(snapshot, session.userId(), session.intents(),
                    session.largeThreshold()));
        }
    }

    /** The guilds {@code session} receives events of; safe from any thread. */
    Set<Long> guildsOf(FanoutSession session) {
        return subscriptions.guildsOf(session);
    }

    /** The user's sessions here, in {@code member}'s guild's shard, are subscribed and sent GUILD_CREATE. */
    private void join(Member member, Guild guild) {
        for (FanoutSession session : sessionsOf(member.user().id())) {
            if (!session.shard().holds(guild.id()) || !subscribe(session, guild.id())) continue;
            if ((session.intents() & Intents.GUILDS) != 0) {
                session.dispatch(guild.id(), GuildPayloads.guildCreate(guild, member, session.largeThreshold()));
            }
        }
    }

    /**
     * A join read from the user's events: if the guild partition is still to be read at the join, it is held open
     * until {@link #join} sees it there; if it was read past the join already, each session missing the guild gets it
     * from a snapshot.
     */
    private void joined(UserGuildJoined joined) {
        List<FanoutSession> missing = sessionsOf(joined.userId()).stream()
                .filter(s -> s.shard().holds(joined.guildId()) && !subscriptions.subscribed(s, joined.guildId()))
                .toList();
        if (missing.isEmpty()) return;
        TopicPartition partition = topics.guildPartition(joined.guildId());
        if (book.acquire(partition, joined.offset())) {
            TopicPartition previous = pendingJoins.put(new PendingJoin(joined.userId(), joined.guildId()), partition);
            if (previous != null) book.release(previous);
            return;
        }
        book.release(partition);
        long epoch = leaveEpochs.getOrDefault(joined.userId(), 0L);
        for (FanoutSession session : missing) effects.fetchSnapshot(session, joined.guildId(), epoch);
    }

    /** The user left the guild (removed, or left): their sessions here get GUILD_DELETE and nothing more of it. */
    private void leave(long userId, long guildId) {
        Set<FanoutSession> sessions = sessionsByUser.get(userId);
        if (sessions == null) return;
        leaveEpochs.merge(userId, 1L, Long::sum);
        joinSeen(userId, guildId);
        for (FanoutSession session : sessions) {
            if (!unsubscribe(session, guildId)) continue;
            session.forgetDeferred(guildId);
            if ((session.intents() & Intents.GUILDS) != 0) {
                session.dispatch(guildId, GuildPayloads.guildDelete(guildId));
            }
        }
    }

    /** USER_UPDATE to the user's own sessions (their guilds hear of it as GUILD_MEMBER_UPDATE). */
    private void updated(UserUpdated updated) {
        Set<FanoutSession> sessions = sessionsOf(updated.userId());
        if (sessions.isEmpty()) return;
        Dispatch dispatch = Dispatch.of("USER_UPDATE",
                V10JsonCodec.payload(Payloads.selfUser(updated.user())));
        for (FanoutSession session : sessions) session.dispatch(0, dispatch);
    }

    /** Reads {@code session}'s user's events from {@code from} (-1: from now), unless it is watched already. */
    private void watch(FanoutSession session, long from) {
        if (session.isEnded()) return;
        if (sessionsByUser.computeIfAbsent(session.userId(), u -> new HashSet<>()).add(session)) {
            book.acquire(topics.userPartition(session.userId()), from);
            effects.sessionChanged(session);
        }
    }

    private boolean subscribe(FanoutSession session, long guildId) {
        return subscribe(session, guildId, Map.of());
    }

    /**
     * Subscribes {@code session} to {@code guildId}, its partitions read from their offsets in {@code from} if not read
     * already (from now when it has none); false when it was subscribed already or has ended.
     */
    private boolean subscribe(FanoutSession session, long guildId, Map<TopicPartition, Long> from) {
        if (session.isEnded() || !subscriptions.subscribe(session, guildId)) return false;
        TopicPartition guild = topics.guildPartition(guildId);
        TopicPartition presence = topics.presencePartition(guildId);
        book.acquire(guild, from.getOrDefault(guild, -1L));
        book.acquire(presence, from.getOrDefault(presence, -1L));
        joinSeen(session.userId(), guildId);
        effects.sessionChanged(session);
        return true;
    }

    private boolean unsubscribe(FanoutSession session, long guildId) {
        if (!subscriptions.unsubscribe(session, guildId)) return false;
        book.release(topics.guildPartition(guildId));
        book.release(topics.presencePartition(guildId));
        if (!session.isEnded()) effects.sessionChanged(session);
        return true;
    }

    /** The join of {@code userId} to {@code guildId} was seen (or is moot): its partition is no longer held for it. */
    private void joinSeen(long userId, long guildId) {
        TopicPartition held = pendingJoins.remove(new PendingJoin(userId, guildId));
        if (held != null) book.release(held);
    }

    private Set<FanoutSession> sessionsOf(long userId) {
        Set<FanoutSession> sessions = sessionsByUser.get(userId);
        return sessions == null ? Set.of() : sessions;
    }
}
