package dev.parley.gateway.http;

/**
 * One part of the system that {@code GET /healthz} reports on. Implementations answer at once from what they know,
 * never waiting for I/O (they are called on an I/O thread), and from any thread.
 */
public interface HealthCheck {

    /** Short name shown in the health report, e.g. {@code kafka} or {@code guild-state}. */
    String name();

    /** The current state. */
    Status check();

    /**
     * @param up     whether this part is ready
     * @param detail a word or two, e.g. {@code RUNNING} or {@code REBALANCING}
     */
    record Status(boolean up, String detail) {
        public static Status up(String detail) {
            return new Status(true, detail);
        }

        public static Status down(String detail) {
            return new Status(false, detail);
        }
    }
}
