package dev.parley.gateway.session;

import dev.parley.gateway.protocol.Dispatch;

/**
 * Where a session's frames go while a client is attached: its current connection. Called under the session's
 * lock, so implementations must not call back into the session synchronously.
 */
interface SessionTransport {

    /**
     * Queues dispatch {@code sequence} for the client; may be called from any thread. Ignored once the transport
     * closed. When the outbound queue is full the transport closes itself with a resumable code and returns false.
     */
    boolean send(long sequence, Dispatch dispatch);

    /** Queues dispatch {@code sequence} of a RESUME's replay, which is bounded by the replay buffer, not the queue. */
    void replay(long sequence, Dispatch dispatch);

    /** Whether the outbound queue is congested: sheddable dispatches should be shed. */
    boolean congested();

    /** Bytes queued for the client and not yet written. */
    long queuedBytes();

    /** Milliseconds since the client's last heartbeat. */
    long heartbeatAgeMillis();

    /** Closes the connection with 4000 on an operator's request; the session stays resumable. */
    void disconnect(String reason);

    /** Another connection resumed this transport's session: this one must close without ending it. */
    void replaced();

    /** The session ended while this transport was attached (e.g. a bad RESUME elsewhere): tell the client. */
    void sessionEnded();

    /** The session ended because its token was revoked: close the connection with 4004 (Authentication failed). */
    void tokenRevoked();
}
