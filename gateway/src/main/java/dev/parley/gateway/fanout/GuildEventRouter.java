package dev.parley.gateway.fanout;

import dev.parley.gateway.protocol.GuildPayloads;
import dev.parley.gateway.protocol.Intents;
import dev.parley.gateway.protocol.V10JsonCodec;
import dev.parley.gateway.session.Dispatch;
import dev.parley.gateway.session.GatewaySession;
import dev.parley.gateway.session.SessionRegistry;
import dev.parley.schemas.guild.Guild;
import dev.parley.schemas.guild.GuildCreated;
import dev.parley.schemas.guild.GuildEvent;
import dev.parley.schemas.guild.GuildMemberAdded;
import dev.parley.schemas.guild.GuildMemberRemoved;
import dev.parley.schemas.guild.Member;
import dev.parley.schemas.guild.MessageCreated;
import dev.parley.schemas.presence.PresenceUpdate;

import java.util.List;

/**
 * Delivers one guild event to the local sessions that should see it: subscribed to the guild (so members, in the
 * session's shard) and holding the event's intent. The payload is serialized once per variant (a message with and
 * without its content) and shared by every recipient. Membership events also move subscriptions, at their exact
 * place in the guild's order: a joiner's sessions get GUILD_CREATE and everything after it; a leaver's get
 * GUILD_DELETE and nothing after it. Runs on the fan-out consumer's thread.
 */
final class GuildEventRouter {
    private final GuildSubscriptions subscriptions;
    private final SessionRegistry registry;
    private final Subscriber subscriber;

    /** Subscribes and unsubscribes sessions, keeping the partition assignment in step. */
    interface Subscriber {
        boolean subscribe(GatewaySession session, long guildId);

        boolean unsubscribe(GatewaySession session, long guildId);
    }

    GuildEventRouter(GuildSubscriptions subscriptions, SessionRegistry registry, Subscriber subscriber) {
        this.subscriptions = subscriptions;
        this.registry = registry;
        this.subscriber = subscriber;
    }

    /** Routes {@code event}, which happened at {@code eventTimeMillis} (its record's timestamp). */
    void route(GuildEvent event, long eventTimeMillis) {
        if (event instanceof GuildCreated created) {
            join(created.owner(), created.guild());
        } else if (event instanceof GuildMemberAdded added) {
            deliver(event, added.member().user().id(), eventTimeMillis);
            join(added.member(), added.guild());
        } else if (event instanceof GuildMemberRemoved removed) {
            leave(removed.user().id(), removed.guildId());
            deliver(event, -1, eventTimeMillis);
        } else if (event instanceof MessageCreated created) {
            deliverMessage(created, eventTimeMillis);
        } else {
            deliver(event, -1, eventTimeMillis);
        }
    }

    /** A presence change goes to the guild's sessions with GUILD_PRESENCES, but not to the user's own. */
    void route(PresenceUpdate update, long eventTimeMillis) {
        Dispatch dispatch = null;
        for (GatewaySession session : subscriptions.sessions(update.guildId())) {
            if ((session.intents() & Intents.GUILD_PRESENCES) == 0 || session.user().id() == update.user().id()) continue;
            if (dispatch == null) {
                dispatch = Dispatch.latestPer(update.user().id(), update.dispatchType(), V10JsonCodec.payload(update))
                        .at(eventTimeMillis);
            }
            session.dispatch(update.guildId(), dispatch);
        }
    }

    /** Sends {@code event} to every subscribed session with its intent, except those of {@code skipUser}. */
    private void deliver(GuildEvent event, long skipUser, long eventTimeMillis) {
        long intent = EventPayloads.intent(event);
        Dispatch dispatch = null;
        for (GatewaySession session : subscriptions.sessions(event.guildId())) {
            if ((session.intents() & intent) == 0 || session.user().id() == skipUser) continue;
            if (dispatch == null) dispatch = EventPayloads.dispatch(event).at(eventTimeMillis);
            session.dispatch(event.guildId(), dispatch);
        }
    }

    /** Without MESSAGE_CONTENT a session sees a message's content only if it wrote it or is mentioned. */
    private void deliverMessage(MessageCreated event, long eventTimeMillis) {
        Dispatch full = null;
        Dispatch stripped = null;
        for (GatewaySession session : subscriptions.sessions(event.guildId())) {
            if ((session.intents() & Intents.GUILD_MESSAGES) == 0) continue;
            boolean content = (session.intents() & Intents.MESSAGE_CONTENT) != 0
                    || event.message().concerns(session.user().id());
            if (content) {
                if (full == null) full = Dispatch.of(event.dispatchType(), V10JsonCodec.payload(event.message())).at(eventTimeMillis);
                session.dispatch(event.guildId(), full);
            } else {
                if (stripped == null) {
                    stripped = Dispatch.of(event.dispatchType(), V10JsonCodec.payload(event.message().withoutContent()))
                            .at(eventTimeMillis);
                }
                session.dispatch(event.guildId(), stripped);
            }
        }
    }

    private void join(Member member, Guild guild) {
        for (GatewaySession session : registry.sessionsOf(member.user().id())) {
            if (!session.shard().holds(guild.id()) || !subscriber.subscribe(session, guild.id())) continue;
            if ((session.intents() & Intents.GUILDS) != 0) {
                session.dispatch(guild.id(), "GUILD_CREATE", GuildPayloads.guildCreate(guild, List.of(member), List.of(),
                        member.joinedAt(), session.largeThreshold()));
            }
        }
    }

    private void leave(long userId, long guildId) {
        subscriptions.recordLeave(userId);
        for (GatewaySession session : registry.sessionsOf(userId)) {
            if (!subscriber.unsubscribe(session, guildId)) continue;
            session.forgetDeferred(guildId);
            if ((session.intents() & Intents.GUILDS) != 0) {
                session.dispatch("GUILD_DELETE", GuildPayloads.guildDeleted(guildId));
            }
        }
    }
}
