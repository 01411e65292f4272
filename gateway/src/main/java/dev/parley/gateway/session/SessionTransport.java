package dev.parley.gateway.session;

/** Where a session's frames go while a client is attached: its current connection. */
interface SessionTransport {

    /** Queues a complete frame for the client; may be called from any thread. Dropped once the transport closed. */
    void send(byte[] frame);

    /** Another connection resumed this transport's session: this one must close without ending it. */
    void replaced();
}
