package dev.parley.load;

/**
 * The send time a poster stamps into what it sends ({@code lt:<nanoTime>}), and its reading on delivery. Poster
 * and receivers share one JVM, so {@link System#nanoTime()} is one clock for both.
 */
public final class LatencyMark {
    static final String PREFIX = "lt:";

    private LatencyMark() {
    }

    /** A mark for now, followed by {@code suffix} (kept short: Discord fields have limits). */
    public static String now(String suffix) {
        return PREFIX + System.nanoTime() + (suffix.isEmpty() ? "" : ":" + suffix);
    }

    private static final byte[] PREFIX_BYTES = PREFIX.getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    /** Microseconds since the mark found in {@code data[0..length)}, or -1 when there is none. */
    public static long ageMicros(byte[] data, int length, long nowNanos) {
        long sent = ByteMessages.numberAfter(data, length, PREFIX_BYTES);
        return sent < 0 ? -1 : (nowNanos - sent) / 1000;
    }

    /** Microseconds since the mark found in {@code text}, or -1 when there is none. */
    public static long ageMicros(String text, long nowNanos) {
        int at = text.indexOf(PREFIX);
        if (at < 0) return -1;
        long sent = 0;
        int i = at + PREFIX.length();
        int digits = 0;
        while (i < text.length() && Character.isDigit(text.charAt(i)) && digits < 19) {
            sent = sent * 10 + (text.charAt(i++) - '0');
            digits++;
        }
        return digits == 0 ? -1 : (nowNanos - sent) / 1000;
    }
}
