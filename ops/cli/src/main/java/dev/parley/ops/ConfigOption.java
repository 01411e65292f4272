package dev.parley.ops;

import dev.parley.config.Settings;
import picocli.CommandLine.Option;

import java.nio.file.Files;
import java.nio.file.Path;

/** The {@code --config} option every long-running command shares. */
public final class ConfigOption {
    @Option(names = "--config", paramLabel = "FILE",
            description = "Properties file with settings (default: $PARLEY_CONFIG, else ./parley.properties if present). "
                    + "Environment variables (PARLEY_<KEY>) override it.")
    Path file;

    /** The settings of the chosen file (or none), with the environment above it. */
    public Settings settings() {
        Path chosen = file;
        if (chosen == null && System.getenv("PARLEY_CONFIG") != null) chosen = Path.of(System.getenv("PARLEY_CONFIG"));
        if (chosen == null && Files.isRegularFile(Path.of("parley.properties"))) chosen = Path.of("parley.properties");
        if (chosen != null && !Files.isRegularFile(chosen)) {
            throw new IllegalArgumentException("configuration file not found: " + chosen);
        }
        return Settings.load(chosen);
    }
}
