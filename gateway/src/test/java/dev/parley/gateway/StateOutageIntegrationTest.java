package dev.parley.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.gateway.testing.GatewayFixture;
import dev.parley.kafka.testkit.KafkaBrokerExtension;
import dev.parley.kafka.testkit.TestKafka;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A stopped streams app never holds a request: writes and reads answer 503 within their bounds. */
@ExtendWith(KafkaBrokerExtension.class)
class StateOutageIntegrationTest {
    private static GatewayFixture fixture;

    @BeforeAll
    static void start(TestKafka kafka, @TempDir Path state) {
        fixture = GatewayFixture.start(kafka, state, settings -> settings
                .with(GatewaySettings.COMMAND_TIMEOUT, Duration.ofSeconds(2))
                .with(GatewaySettings.STATE_TIMEOUT, Duration.ofSeconds(1)));
    }

    @AfterAll
    static void stop() {
        if (fixture != null) fixture.close();
    }

    @Test
    void shouldAnswer503InsteadOfHangingWhenTheStreamsAppsAreDown() {
        JsonNode owner = fixture.register("outage", false);
        String token = owner.get("token").asText();
        JsonNode guild = GatewayFixture.json(fixture.send("POST", "/api/v10/guilds", "{\"name\":\"Down\"}", token).body());
        String general = guild.get("channels").get(0).get("id").asText();
        assertEquals(200, fixture.send("POST", "/api/v10/channels/" + general + "/messages", "{\"content\":\"up\"}",
                token).statusCode());

        fixture.stopStreams();

        HttpResponse<String> write = fixture.send("POST", "/api/v10/channels/" + general + "/messages",
                "{\"content\":\"anyone?\"}", token);
        assertEquals(503, write.statusCode(), write.body());
        assertTrue(GatewayFixture.json(write.body()).has("retry_after"));
        HttpResponse<String> read = fixture.send("GET", "/api/v10/guilds/" + guild.get("id").asText(), null, token);
        assertEquals(503, read.statusCode(), read.body());
    }
}
