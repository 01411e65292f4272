package dev.parley.ops;

import dev.parley.config.Settings;
import dev.parley.gateway.auth.AuthSettings;
import dev.parley.gateway.auth.TokenClaims;
import dev.parley.gateway.auth.Tokens;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;

class TokenCommandTest {

    @Test
    void shouldMintATokenSignedWithTheStacksGeneratedSecret(@TempDir Path data) throws Exception {
        Path config = data.resolve("test.properties");
        Files.writeString(config, "data.dir=" + data + "\n");
        StringWriter out = new StringWriter();
        CommandLine command = new CommandLine(new TokenCommand()).setOut(new PrintWriter(out, true));

        assertEquals(0, command.execute("--config", config.toString(), "1576036787720028160"));

        String secret = StackSecrets.ensureTokenSecret(Settings.defaults().with(StackSettings.DATA_DIR, data.toString()))
                .get(AuthSettings.TOKEN_SECRET);
        TokenClaims claims = new Tokens(secret).verify(out.toString().strip()).orElseThrow();
        assertEquals(1576036787720028160L, claims.userId());
        assertEquals(0, claims.generation(), "a user's first generation");
        assertEquals(secret, Files.readString(data.resolve(StackSecrets.TOKEN_FILE)).strip(), "generated once, then reused");
    }

    @Test
    void shouldUseTheConfiguredSecretAndTheGivenGeneration(@TempDir Path data) throws Exception {
        Path config = data.resolve("test.properties");
        Files.writeString(config, "data.dir=" + data + "\nauth.token-secret=configured-secret-0123456789\n");
        StringWriter out = new StringWriter();
        new CommandLine(new TokenCommand()).setOut(new PrintWriter(out, true))
                .execute("--config", config.toString(), "--generation", "2", "7");
        TokenClaims claims = new Tokens("configured-secret-0123456789").verify(out.toString().strip()).orElseThrow();
        assertEquals(7, claims.userId());
        assertEquals(2, claims.generation());
    }
}
