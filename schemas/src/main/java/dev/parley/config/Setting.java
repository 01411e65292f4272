package dev.parley.config;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.function.Function;

/**
 * One named configuration key: its default, how its text is parsed, and what it means.
 *
 * <p>Every limit and timeout of the system is a {@code Setting} constant declared next to the code that
 * uses it; {@link Settings} resolves its value. The key {@code gateway.port} is read, in order of
 * precedence, from an explicit override, the environment variable {@code PARLEY_GATEWAY_PORT}
 * (see {@link #envNames()}), the configuration file, and finally {@link #defaultValue()}.
 *
 * @param key          dotted lower-case name, e.g. {@code gateway.payload-max-bytes}
 * @param defaultValue the value used when no source sets the key; never null
 * @param parser       turns the text of a source into a value; throws {@link IllegalArgumentException} when invalid
 * @param formatter    turns a value back into the text the parser accepts
 * @param doc          one sentence for the documentation and the shipped configuration file
 * @param extraEnv     further environment variables read before the derived one (e.g. {@code KAFKA_BOOTSTRAP_SERVERS})
 */
public record Setting<T>(String key, T defaultValue, Function<String, T> parser, Function<T, String> formatter,
                         String doc, List<String> extraEnv) {

    public Setting {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(defaultValue, "defaultValue of " + key);
        if (!key.matches("[a-z0-9]+([.-][a-z0-9]+)*")) {
            throw new IllegalArgumentException("setting key must be dotted lower-case words: " + key);
        }
        extraEnv = List.copyOf(extraEnv);
    }

    public static Setting<String> ofString(String key, String defaultValue, String doc) {
        return new Setting<>(key, defaultValue, s -> s, s -> s, doc, List.of());
    }

    public static Setting<Integer> ofInt(String key, int defaultValue, String doc) {
        return new Setting<>(key, defaultValue, s -> Integer.parseInt(s.strip()), String::valueOf, doc, List.of());
    }

    public static Setting<Long> ofLong(String key, long defaultValue, String doc) {
        return new Setting<>(key, defaultValue, s -> Long.parseLong(s.strip()), String::valueOf, doc, List.of());
    }

    public static Setting<Boolean> ofBoolean(String key, boolean defaultValue, String doc) {
        return new Setting<>(key, defaultValue, Setting::parseBoolean, String::valueOf, doc, List.of());
    }

    /** A duration written as {@code 250ms}, {@code 30s}, {@code 3m}, {@code 1h}, {@code 7d}, or a bare number of milliseconds. */
    public static Setting<Duration> ofDuration(String key, Duration defaultValue, String doc) {
        return new Setting<>(key, defaultValue, Setting::parseDuration, Setting::formatDuration, doc, List.of());
    }

    /** A size in bytes written as {@code 4096}, {@code 64KiB}, {@code 1MiB} or {@code 2GiB}. */
    public static Setting<Long> ofBytes(String key, long defaultValue, String doc) {
        return new Setting<>(key, defaultValue, Setting::parseBytes, Setting::formatBytes, doc, List.of());
    }

    /** This setting, also read from the given environment variable (which takes precedence over the derived one). */
    public Setting<T> alsoFromEnv(String envName) {
        return new Setting<>(key, defaultValue, parser, formatter, doc,
                java.util.stream.Stream.concat(extraEnv.stream(), java.util.stream.Stream.of(envName)).toList());
    }

    /** The environment variables that set this key, most specific first: the extra ones, then {@code PARLEY_<KEY>}. */
    public List<String> envNames() {
        String derived = "PARLEY_" + key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
        return java.util.stream.Stream.concat(extraEnv.stream(), java.util.stream.Stream.of(derived)).toList();
    }

    /** The default written as configuration text. */
    public String defaultText() {
        return formatter.apply(defaultValue);
    }

    T parse(String text) {
        return parser.apply(text);
    }

    static boolean parseBoolean(String text) {
        return switch (text.strip().toLowerCase(Locale.ROOT)) {
            case "true", "yes", "on", "1" -> true;
            case "false", "no", "off", "0" -> false;
            default -> throw new IllegalArgumentException("not a boolean: " + text);
        };
    }

    static Duration parseDuration(String text) {
        String s = text.strip().toLowerCase(Locale.ROOT);
        String[][] units = {{"ms", "1"}, {"s", "1000"}, {"m", "60000"}, {"h", "3600000"}, {"d", "86400000"}};
        for (String[] unit : units) {
            if (s.endsWith(unit[0]) && s.length() > unit[0].length()
                    && Character.isDigit(s.charAt(s.length() - unit[0].length() - 1))) {
                long amount = Long.parseLong(s.substring(0, s.length() - unit[0].length()).strip());
                return Duration.ofMillis(Math.multiplyExact(amount, Long.parseLong(unit[1])));
            }
        }
        return Duration.ofMillis(Long.parseLong(s));
    }

    static String formatDuration(Duration d) {
        long ms = d.toMillis();
        if (ms != 0 && ms % 86_400_000 == 0) return ms / 86_400_000 + "d";
        if (ms != 0 && ms % 3_600_000 == 0) return ms / 3_600_000 + "h";
        if (ms != 0 && ms % 60_000 == 0) return ms / 60_000 + "m";
        if (ms != 0 && ms % 1000 == 0) return ms / 1000 + "s";
        return ms + "ms";
    }

    static long parseBytes(String text) {
        String s = text.strip();
        String[][] units = {{"GiB", "1073741824"}, {"MiB", "1048576"}, {"KiB", "1024"}, {"B", "1"}};
        for (String[] unit : units) {
            if (s.endsWith(unit[0])) {
                return Math.multiplyExact(Long.parseLong(s.substring(0, s.length() - unit[0].length()).strip()),
                        Long.parseLong(unit[1]));
            }
        }
        return Long.parseLong(s);
    }

    static String formatBytes(long bytes) {
        if (bytes != 0 && bytes % 1073741824L == 0) return bytes / 1073741824L + "GiB";
        if (bytes != 0 && bytes % 1048576L == 0) return bytes / 1048576L + "MiB";
        if (bytes != 0 && bytes % 1024L == 0) return bytes / 1024L + "KiB";
        return String.valueOf(bytes);
    }
}
