package dev.parley.ops;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code parley gateway} and {@code parley streams} need the deployment's cluster secret before they touch anything. */
class StandaloneCommandsTest {

    @Test
    void shouldRefuseToStartAGatewayOrStreamsProcessWithoutAClusterSecret(@TempDir Path dir) throws Exception {
        Path config = dir.resolve("no-secret.properties");
        Files.writeString(config, "kafka.bootstrap-servers=127.0.0.1:1\nauth.token-secret=a-token-secret-0123456789\n"
                + "data.dir=" + dir + "\n");
        for (String command : new String[]{"gateway", "streams"}) {
            StringWriter err = new StringWriter();
            CommandLine line = ParleyCommand.commandLine().setErr(new PrintWriter(err, true));

            assertEquals(1, line.execute(command, "--config", config.toString()), command);

            String message = err.toString().strip();
            assertTrue(message.startsWith("parley: cluster.secret is required") && !message.contains("\n"), message);
        }
    }
}
