package dev.parley.ops;

import dev.parley.config.Settings;
import dev.parley.gateway.auth.AuthSettings;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * The token secret of a local stack: {@code auth.token-secret} when set, else one generated once into
 * {@code <data.dir>/token-secret} and reused, so tokens survive restarts of the stack.
 */
final class TokenSecret {
    static final String FILE = "token-secret";

    private TokenSecret() {
    }

    /** {@code settings} with {@code auth.token-secret} filled in. */
    static Settings ensure(Settings settings) {
        if (!settings.get(AuthSettings.TOKEN_SECRET).isBlank()) return settings;
        Path file = Path.of(settings.get(StackSettings.DATA_DIR)).resolve(FILE);
        try {
            if (!Files.exists(file)) {
                byte[] random = new byte[32];
                new SecureRandom().nextBytes(random);
                Files.createDirectories(file.getParent());
                Files.writeString(file, HexFormat.of().formatHex(random), StandardCharsets.US_ASCII);
            }
            return settings.with(AuthSettings.TOKEN_SECRET, Files.readString(file, StandardCharsets.US_ASCII).strip());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or create " + file, e);
        }
    }
}
