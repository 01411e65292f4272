package dev.parley.gateway.session;

/**
 * Where a session's frames go while a client is attached: its current connection. Called under the session's
 * lock, so implementations must not call back into the session synchronously.
 */
interface SessionTransport {

    /** Queues a complete frame for the client; may be called from any thread. Dropped once the transport closed. */
    void send(byte[] frame);

    /** Another connection resumed this transport's session: this one must close without ending it. */
    void replaced();

    /** The session ended while this transport was attached (e.g. a bad RESUME elsewhere): tell the client. */
    void sessionEnded();
}
