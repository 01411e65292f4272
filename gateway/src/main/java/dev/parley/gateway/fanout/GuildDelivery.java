package dev.parley.gateway.fanout;

import dev.parley.gateway.protocol.Dispatch;
import dev.parley.gateway.protocol.Intents;
import dev.parley.gateway.protocol.V10JsonCodec;
import dev.parley.schemas.guild.GuildEvent;
import dev.parley.schemas.guild.MessageCreated;
import dev.parley.schemas.presence.PresenceUpdate;

import java.util.function.Consumer;

/**
 * Hands one guild event to the sessions subscribed to its guild that should see it (holding its intent), serializing
 * the payload once per variant (a message with and without its content) and sharing it between recipients. Changes
 * no subscription: {@link FanoutRoutes} moves those. Consumer thread only.
 */
final class GuildDelivery {
    private final GuildSubscriptions subscriptions;
    private final Consumer<FanoutSession> shed;

    /** @param shed told of each session that shed a dispatch handed to it (took no sequence number for it) */
    GuildDelivery(GuildSubscriptions subscriptions, Consumer<FanoutSession> shed) {
        this.subscriptions = subscriptions;
        this.shed = shed;
    }

    /** Sends {@code event} to every subscribed session with its intent, except those of {@code skipUser}. */
    void deliver(GuildEvent event, long skipUser, long eventTimeMillis) {
        long intent = EventPayloads.intent(event);
        Dispatch dispatch = null;
        for (FanoutSession session : subscriptions.sessions(event.guildId())) {
            if ((session.intents() & intent) == 0 || session.userId() == skipUser) continue;
            if (dispatch == null) dispatch = EventPayloads.dispatch(event).at(eventTimeMillis);
            hand(session, event.guildId(), dispatch);
        }
    }

    /** Without MESSAGE_CONTENT a session sees a message's content only if it wrote it or is mentioned. */
    void deliverMessage(MessageCreated event, long eventTimeMillis) {
        Dispatch full = null;
        Dispatch stripped = null;
        for (FanoutSession session : subscriptions.sessions(event.guildId())) {
            if ((session.intents() & Intents.GUILD_MESSAGES) == 0) continue;
            boolean content = (session.intents() & Intents.MESSAGE_CONTENT) != 0
                    || event.message().concerns(session.userId());
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

    /** A presence change goes to the guild's sessions with GUILD_PRESENCES, but not to the user's own. */
    void deliver(PresenceUpdate update, long eventTimeMillis) {
        Dispatch dispatch = null;
        for (FanoutSession session : subscriptions.sessions(update.guildId())) {
            if ((session.intents() & Intents.GUILD_PRESENCES) == 0 || session.userId() == update.user().id()) continue;
            if (dispatch == null) {
                dispatch = Dispatch.latestPer(update.user().id(), update.dispatchType(), V10JsonCodec.payload(update))
                        .at(eventTimeMillis);
            }
            hand(session, update.guildId(), dispatch);
        }
    }

    private void hand(FanoutSession session, long guildId, Dispatch dispatch) {
        if (session.dispatch(guildId, dispatch) == 0 && dispatch.shedding() != Dispatch.Shedding.NEVER) {
            shed.accept(session);
        }
    }
}
