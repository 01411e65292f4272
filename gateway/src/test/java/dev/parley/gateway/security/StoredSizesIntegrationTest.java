package dev.parley.gateway.security;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.gateway.GatewaySettings;
import dev.parley.gateway.protocol.Intents;
import dev.parley.gateway.testing.GatewayFixture;
import dev.parley.gateway.testing.GatewayTestClient;
import dev.parley.gateway.testing.TestUsers;
import dev.parley.gateway.testing.TestUsers.Account;
import dev.parley.kafka.testkit.KafkaBrokerExtension;
import dev.parley.kafka.testkit.TestKafka;
import dev.parley.schemas.Partitioning;
import dev.parley.streams.guild.GuildSettings;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.HexFormat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Attacks on what is stored: every size is bounded where it is stored, and a user who reaches a limit gets a
 * documented 400 while the other guilds of the same partition go on being served.
 */
@ExtendWith(KafkaBrokerExtension.class)
class StoredSizesIntegrationTest {
    private static final int MAX_CHANNELS = 6;
    private static final long RECORD_MAX_BYTES = 4096;
    private static final int MAX_GUILDS = 3;
    private static final long MESSAGES = Intents.GUILDS | Intents.GUILD_MESSAGES | Intents.MESSAGE_CONTENT;
    private static GatewayFixture fixture;
    private static TestUsers users;

    @BeforeAll
    static void start(TestKafka kafka, @TempDir Path state) {
        fixture = GatewayFixture.start(kafka, state,
                apps -> apps.with(GuildSettings.MAX_CHANNELS, MAX_CHANNELS).with(GuildSettings.STATE_RECORD_MAX_BYTES, RECORD_MAX_BYTES),
                gateway -> gateway.with(GatewaySettings.MAX_GUILDS_PER_USER, MAX_GUILDS));
        users = new TestUsers(fixture);
    }

    @AfterAll
    static void stop() {
        if (fixture != null) fixture.close();
    }

    @Test
    void shouldRefuseContentPaddedPastTheLimitAsStoredAndServeOthers() {
        Account attacker = users.register();
        Account victim = users.register();
        JsonNode guild = users.createGuild(victim, "Padded Room");
        String general = guild.get("channels").get(0).get("id").asText();
        users.join(attacker, guild.get("id").asText());
        try (GatewayTestClient victims = fixture.identified(victim.token(), MESSAGES)) {

            HttpResponse<String> padded = users.postRaw(attacker, general, "{\"content\":\"hi" + " ".repeat(60_000) + "\"}");
            assertEquals(400, padded.statusCode(), "measured as stored, not stripped");
            JsonNode error = GatewayFixture.json(padded.body());
            assertEquals(50035, error.get("code").asInt());
            assertTrue(error.get("errors").has("content"), padded.body());
            assertTrue(error.get("message").asText().contains("60002"), padded.body());

            users.post(victim, general, "a normal cup");
            JsonNode delivered = victims.awaitDispatch("MESSAGE_CREATE").get("d");
            assertEquals("a normal cup", delivered.get("content").asText(), "nobody received the padded post");
            assertEquals(1, users.history(victim, general).size());
        }
    }

    @Test
    void shouldCapChannelsAndTheGuildRecordWithoutStoppingThePartition() {
        Account attacker = users.register();
        JsonNode target = users.createGuild(attacker, "Hoard");
        String guildId = target.get("id").asText();
        String general = target.get("channels").get(0).get("id").asText();
        JsonNode neighbour = guildInPartition(Partitioning.guildPartition(Long.parseLong(guildId)));
        Account neighbourOwner = new Account(neighbour.get("owner_id").asText(), neighbour.get("token").asText());
        String neighbourChannel = neighbour.get("channels").get(0).get("id").asText();

        HttpResponse<String> longTopic = createChannel(attacker, guildId, "{\"name\":\"t\",\"topic\":\"" + "x".repeat(1025) + "\"}");
        assertEquals(400, longTopic.statusCode());
        assertTrue(GatewayFixture.json(longTopic.body()).get("errors").has("topic"), longTopic.body());

        int created = 1;
        HttpResponse<String> refused = null;
        while (created < MAX_CHANNELS + 2) {
            HttpResponse<String> answer = createChannel(attacker, guildId, "{\"name\":\"c" + created + "\",\"topic\":\""
                    + "y".repeat(1000) + "\"}");
            if (answer.statusCode() != 201) {
                refused = answer;
                break;
            }
            created++;
        }
        assertTrue(refused != null && refused.statusCode() == 400, "the guild's record stops growing: " + refused);
        assertTrue(refused.body().contains("guild.state-record-max-bytes"), refused.body());
        assertTrue(created < MAX_CHANNELS, "the size guard came first: " + created);
        for (int i = created; i < MAX_CHANNELS; i++) {
            assertEquals(201, createChannel(attacker, guildId, "{\"name\":\"small" + i + "\"}").statusCode());
        }
        HttpResponse<String> tooMany = createChannel(attacker, guildId, "{\"name\":\"one-more\"}");
        assertEquals(400, tooMany.statusCode());
        assertEquals(30013, GatewayFixture.json(tooMany.body()).get("code").asInt(), tooMany.body());

        assertEquals("still served", users.post(neighbourOwner, neighbourChannel, "still served").get("content").asText(),
                "another guild of the same partition");
        assertEquals("mine too", users.post(attacker, general, "mine too").get("content").asText());
    }

    @Test
    void shouldCapTheGuildsOfAUser() {
        Account collector = users.register();
        for (int i = 0; i < MAX_GUILDS; i++) users.createGuild(collector, "Mine " + i);
        HttpResponse<String> more = fixture.send("POST", "/api/v10/guilds", "{\"name\":\"One more\"}", collector.token());
        assertEquals(400, more.statusCode());
        assertEquals(30001, GatewayFixture.json(more.body()).get("code").asInt(), more.body());
        Account other = users.register();
        String othersGuild = users.createGuild(other, "Others").get("id").asText();
        HttpResponse<String> join = fixture.send("PUT", "/api/v10/guilds/" + othersGuild + "/members/@me", null, collector.token());
        assertEquals(400, join.statusCode());
        assertEquals(30001, GatewayFixture.json(join.body()).get("code").asInt());
        users.join(users.register(), othersGuild);
    }

    @Test
    void shouldKeepOnlyTheHashOfAnIcon() throws Exception {
        Account owner = users.register();
        String guildId = users.createGuild(owner, "Iconic").get("id").asText();
        byte[] image = new byte[1000];
        new java.util.Random(7).nextBytes(image);
        HttpResponse<String> iconic = fixture.send("PATCH", "/api/v10/guilds/" + guildId,
                "{\"icon\":\"data:image/png;base64," + Base64.getEncoder().encodeToString(image) + "\"}", owner.token());
        assertEquals(200, iconic.statusCode(), iconic.body());
        assertEquals(HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(image)),
                GatewayFixture.json(iconic.body()).get("icon").asText());
        HttpResponse<String> junk = fixture.send("PATCH", "/api/v10/guilds/" + guildId,
                "{\"icon\":\"" + "z".repeat(5000) + "\"}", owner.token());
        assertEquals(400, junk.statusCode());
        assertTrue(GatewayFixture.json(junk.body()).get("errors").has("icon"), junk.body());
    }

    /** A guild of a new user in {@code partition}, with its owner's token added as {@code token}. */
    private static JsonNode guildInPartition(int partition) {
        for (int tries = 0; tries < 100; tries++) {
            Account owner = users.register();
            JsonNode guild = users.createGuild(owner, "Neighbour");
            if (Partitioning.guildPartition(guild.get("id").asLong()) == partition) {
                return ((com.fasterxml.jackson.databind.node.ObjectNode) guild).put("token", owner.token());
            }
        }
        throw new AssertionError("no guild landed in partition " + partition);
    }

    private static HttpResponse<String> createChannel(Account owner, String guildId, String body) {
        return fixture.send("POST", "/api/v10/guilds/" + guildId + "/channels", body, owner.token());
    }
}
