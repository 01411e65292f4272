package dev.parley.ops;

import dev.parley.config.Settings;
import dev.parley.gateway.auth.AuthSettings;
import dev.parley.gateway.auth.Tokens;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalLong;

import static org.junit.jupiter.api.Assertions.assertEquals;

class TokenCommandTest {

    @Test
    void shouldMintATokenSignedWithTheStacksGeneratedSecret(@TempDir Path data) throws Exception {
        Path config = data.resolve("test.properties");
        Files.writeString(config, "data.dir=" + data + "\n");
        StringWriter out = new StringWriter();
        CommandLine command = new CommandLine(new TokenCommand()).setOut(new PrintWriter(out, true));

        assertEquals(0, command.execute("--config", config.toString(), "1576036787720028160"));

        String secret = TokenSecret.ensure(Settings.defaults().with(StackSettings.DATA_DIR, data.toString()))
                .get(AuthSettings.TOKEN_SECRET);
        assertEquals(OptionalLong.of(1576036787720028160L), new Tokens(secret).verify(out.toString().strip()));
        assertEquals(secret, Files.readString(data.resolve(TokenSecret.FILE)).strip(), "generated once, then reused");
    }

    @Test
    void shouldUseTheConfiguredSecretWhenSet(@TempDir Path data) throws Exception {
        Path config = data.resolve("test.properties");
        Files.writeString(config, "data.dir=" + data + "\nauth.token-secret=configured-secret-0123456789\n");
        StringWriter out = new StringWriter();
        new CommandLine(new TokenCommand()).setOut(new PrintWriter(out, true)).execute("--config", config.toString(), "7");
        assertEquals(OptionalLong.of(7), new Tokens("configured-secret-0123456789").verify(out.toString().strip()));
    }
}
