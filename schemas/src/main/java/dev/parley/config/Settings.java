package dev.parley.config;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;

/**
 * Resolved configuration: the values of {@link Setting}s from, in order of precedence, explicit overrides,
 * environment variables, one properties file, and the settings' own defaults.
 *
 * <p>Immutable and thread-safe. Parsing happens on {@link #get}, which throws {@link InvalidSettingException}
 * naming the key, the value and where it came from.
 */
public final class Settings {
    private final Map<String, String> overrides;
    private final Map<String, String> env;
    private final Map<String, String> file;
    private final String fileName;

    private Settings(Map<String, String> overrides, Map<String, String> env, Map<String, String> file, String fileName) {
        this.overrides = Map.copyOf(overrides);
        this.env = Map.copyOf(env);
        this.file = Map.copyOf(file);
        this.fileName = fileName;
    }

    /** Defaults only: no file, no environment. The usual start for tests, which then add {@link #with} overrides. */
    public static Settings defaults() {
        return new Settings(Map.of(), Map.of(), Map.of(), "none");
    }

    /** The process environment over the given properties file (which may be absent). */
    public static Settings load(Path file) {
        return load(file, System.getenv());
    }

    /** The given environment over the given properties file (which may be absent). */
    public static Settings load(Path file, Map<String, String> env) {
        Map<String, String> values = new HashMap<>();
        String name = "none";
        if (file != null && Files.isRegularFile(file)) {
            Properties properties = new Properties();
            try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                properties.load(reader);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read configuration file " + file, e);
            }
            properties.stringPropertyNames().forEach(k -> values.put(k, properties.getProperty(k)));
            name = file.toString();
        }
        return new Settings(Map.of(), env, values, name);
    }

    /** A copy in which {@code setting} has {@code value}, above every other source. */
    public <T> Settings with(Setting<T> setting, T value) {
        return with(setting.key(), setting.formatter().apply(value));
    }

    /** A copy in which {@code key} has the configuration text {@code value}, above every other source. */
    public Settings with(String key, String value) {
        Map<String, String> copy = new HashMap<>(overrides);
        copy.put(key, value);
        return new Settings(copy, env, file, fileName);
    }

    /** The value of {@code setting}; its default when no source sets it. */
    public <T> T get(Setting<T> setting) {
        String key = setting.key();
        if (overrides.containsKey(key)) return parse(setting, overrides.get(key), "override");
        for (String name : setting.envNames()) {
            String value = env.get(name);
            if (value != null && !value.isBlank()) return parse(setting, value, "environment variable " + name);
        }
        if (file.containsKey(key)) return parse(setting, file.get(key), "file " + fileName);
        return setting.defaultValue();
    }

    private static <T> T parse(Setting<T> setting, String value, String source) {
        try {
            return setting.parse(value);
        } catch (RuntimeException e) {
            throw new InvalidSettingException(setting.key(), value, source, e);
        }
    }
}
