package dev.parley.gateway.fanout;

import dev.parley.gateway.protocol.Dispatch;
import dev.parley.gateway.protocol.Shard;
import dev.parley.schemas.session.ClientProperties;

/**
 * What the fan-out knows of a session and how it hands it dispatches: the one interface between sessions and the
 * routing state ({@link FanoutRoutes}). Implementations are thread-safe; the fan-out calls them on its consumer thread.
 */
public interface FanoutSession {
    String id();

    long userId();

    long intents();

    Shard shard();

    /** Guilds with more members than this are sent with only the session's own member in GUILD_CREATE. */
    int largeThreshold();

    /** What the client said it is at IDENTIFY. */
    ClientProperties properties();

    /** The generation of the token that identified the session. */
    long tokenGeneration();

    /** The last sequence number the session gave; 0 until READY. */
    long sequence();

    /**
     * Whether the session holds dispatches back now (its client's queue is congested): they will be sent later,
     * numbered after what follows them in their records' order.
     */
    boolean keepsBack();

    /** Whether the session has ended: the fan-out subscribes it to nothing more. */
    boolean isEnded();

    /**
     * Hands the session a dispatch of guild {@code guildId} (0: of no guild), which it numbers and sends, holds back
     * until READY, or sheds as {@link Dispatch#shedding()} allows.
     *
     * @return the sequence number given, 0 while held back or shed, or -1 when the session has ended
     */
    long dispatch(long guildId, Dispatch dispatch);

    /** Forgets what the session kept back of guild {@code guildId}: it no longer receives it. */
    void forgetDeferred(long guildId);
}
