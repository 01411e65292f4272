package dev.parley.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SettingsTest {
    private static final Setting<Integer> PORT = Setting.ofInt("gateway.port", 8080, "port");
    private static final Setting<Duration> TIMEOUT = Setting.ofDuration("gateway.heartbeat-interval",
            Duration.ofMillis(41250), "interval");
    private static final Setting<Long> QUEUE = Setting.ofBytes("gateway.queue-max-bytes", 1 << 20, "queue");
    private static final Setting<String> BOOTSTRAP = Setting.ofString("kafka.bootstrap-servers", "", "servers")
            .alsoFromEnv("KAFKA_BOOTSTRAP_SERVERS");

    @Test
    void shouldPreferOverrideThenEnvironmentThenFileThenDefault(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("parley.properties");
        Files.writeString(file, "gateway.port=9000\ngateway.heartbeat-interval=30s\n");
        Settings settings = Settings.load(file, Map.of("PARLEY_GATEWAY_HEARTBEAT_INTERVAL", "2s"));
        assertEquals(9000, settings.get(PORT));
        assertEquals(Duration.ofSeconds(2), settings.get(TIMEOUT));
        assertEquals(1 << 20, settings.get(QUEUE));
        assertEquals(7000, settings.with(PORT, 7000).get(PORT));
    }

    @Test
    void shouldReadKafkaBootstrapServersFromItsConventionalVariable() {
        Settings settings = Settings.load(null, Map.of("KAFKA_BOOTSTRAP_SERVERS", "broker:9092"));
        assertEquals("broker:9092", settings.get(BOOTSTRAP));
    }

    @Test
    void shouldParseAndFormatDurationsAndSizes() {
        assertEquals(Duration.ofMinutes(3), Setting.parseDuration("3m"));
        assertEquals(Duration.ofMillis(250), Setting.parseDuration("250ms"));
        assertEquals(Duration.ofMillis(41250), Setting.parseDuration("41250"));
        assertEquals("41250ms", Setting.formatDuration(Duration.ofMillis(41250)));
        assertEquals("3m", Setting.formatDuration(Duration.ofMinutes(3)));
        assertEquals(1 << 20, Setting.parseBytes("1MiB"));
        assertEquals("4KiB", Setting.formatBytes(4096));
    }

    @Test
    void shouldNameKeyValueAndSourceOfAnInvalidValue() {
        Settings settings = Settings.load(null, Map.of("PARLEY_GATEWAY_PORT", "eighty"));
        InvalidSettingException e = assertThrows(InvalidSettingException.class, () -> settings.get(PORT));
        assertTrue(e.getMessage().contains("gateway.port") && e.getMessage().contains("eighty")
                && e.getMessage().contains("PARLEY_GATEWAY_PORT"), e.getMessage());
    }
}
