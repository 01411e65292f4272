package dev.parley.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.gateway.protocol.Intents;
import dev.parley.gateway.testing.GatewayFixture;
import dev.parley.gateway.testing.GatewayTestClient;
import dev.parley.gateway.testing.TestUsers;
import dev.parley.gateway.testing.TestUsers.Account;
import dev.parley.kafka.testkit.KafkaBrokerExtension;
import dev.parley.kafka.testkit.TestKafka;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Chat end to end over real sockets: REST writes through Kafka and the guild app, gateway sessions receiving the
 * events of their guilds, and only of their guilds.
 */
@ExtendWith(KafkaBrokerExtension.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ChatIntegrationTest {
    private static final long ALL = Intents.GUILDS | Intents.GUILD_MEMBERS | Intents.GUILD_MESSAGES
            | Intents.MESSAGE_CONTENT | Intents.GUILD_MESSAGE_TYPING;
    private static final Duration QUIET = Duration.ofMillis(1500);
    private static GatewayFixture fixture;
    private static TestUsers users;

    @BeforeAll
    static void start(TestKafka kafka, @TempDir Path state) {
        fixture = GatewayFixture.start(kafka, state, settings -> settings);
        users = new TestUsers(fixture);
    }

    @AfterAll
    static void stop() {
        if (fixture != null) fixture.close();
    }

    @Test
    @Order(1)
    void shouldCarryAMessageToMembersOnlyAndStopAtLeaving() {
        Account alice = users.register();
        Account bob = users.register();
        Account carol = users.register();
        JsonNode guild = users.createGuild(alice, "Tea Room");
        String guildId = guild.get("id").asText();
        String general = guild.get("channels").get(0).get("id").asText();
        try (GatewayTestClient bobs = fixture.identified(bob.token(), ALL);
             GatewayTestClient carols = fixture.identified(carol.token(), ALL)) {
            assertEquals(201, fixture.send("PUT", "/api/v10/guilds/" + guildId + "/members/@me", null, bob.token()).statusCode());
            JsonNode joined = bobs.awaitDispatch("GUILD_CREATE").get("d");
            assertEquals(guildId, joined.get("id").asText());
            assertEquals(2, joined.get("member_count").asInt());
            assertEquals(general, joined.get("channels").get(0).get("id").asText());

            JsonNode posted = users.post(alice, general, "first cup");
            JsonNode received = bobs.awaitDispatch("MESSAGE_CREATE").get("d");
            assertEquals(posted.get("id").asText(), received.get("id").asText());
            assertEquals("first cup", received.get("content").asText());
            assertEquals(guildId, received.get("guild_id").asText());
            assertEquals(alice.id(), received.get("author").get("id").asText());

            HttpResponse<String> refused = fixture.send("POST", "/api/v10/channels/" + general + "/messages",
                    "{\"content\":\"let me in\"}", carol.token());
            assertEquals(403, refused.statusCode());
            assertEquals(50001, GatewayFixture.json(refused.body()).get("code").asInt());
            carols.assertNoDispatch(QUIET, d -> d.path("d").path("guild_id").asText().equals(guildId)
                    || d.path("d").path("id").asText().equals(guildId));

            assertEquals(204, fixture.send("DELETE", "/api/v10/guilds/" + guildId + "/members/@me", null, bob.token()).statusCode());
            JsonNode gone = bobs.awaitDispatch("GUILD_DELETE").get("d");
            assertEquals(guildId, gone.get("id").asText());
            assertFalse(gone.has("unavailable"), "a removal, not an outage");
            JsonNode second = users.post(alice, general, "second cup");
            bobs.assertNoDispatch(QUIET, d -> d.path("d").path("guild_id").asText().equals(guildId));

            JsonNode history = GatewayFixture.json(fixture.send("GET", "/api/v10/channels/" + general + "/messages", null,
                    alice.token()).body());
            assertEquals(2, history.size());
            assertEquals(second.get("id").asText(), history.get(0).get("id").asText(), "newest first");
            assertEquals(posted.get("id").asText(), history.get(1).get("id").asText());
            assertEquals(403, fixture.send("GET", "/api/v10/channels/" + general + "/messages", null, bob.token()).statusCode(),
                    "a former member reads nothing");
        }
    }

    @Test
    @Order(2)
    void shouldListGuildsInReadyAndSendEachAsGuildCreateWithMembersAndEveryoneRole() {
        Account owner = users.register();
        Account guest = users.register();
        JsonNode guild = users.createGuild(owner, "Ready Room");
        String guildId = guild.get("id").asText();
        assertEquals(201, fixture.send("PUT", "/api/v10/guilds/" + guildId + "/members/@me", null, guest.token()).statusCode());
        try (GatewayTestClient client = fixture.hello()) {
            JsonNode ready = client.identify(owner.token(), ALL).get("d");
            assertEquals(1, ready.get("guilds").size());
            assertEquals(guildId, ready.get("guilds").get(0).get("id").asText());
            assertTrue(ready.get("guilds").get(0).get("unavailable").asBoolean());
            JsonNode create = client.awaitDispatch("GUILD_CREATE").get("d");
            assertEquals(guildId, create.get("id").asText());
            assertEquals(owner.id(), create.get("owner_id").asText());
            assertEquals(guildId, create.get("roles").get(0).get("id").asText(), "@everyone's id is the guild's");
            assertEquals(2, create.get("member_count").asInt());
            assertEquals(2, create.get("members").size(), "a small guild sends all its members");
            for (String array : List.of("channels", "roles", "threads", "emojis", "voice_states", "presences",
                    "guild_scheduled_events", "features", "stickers")) {
                assertTrue(create.get(array).isArray(), array + " is an array");
            }
            assertFalse(create.get("large").asBoolean());
        }
    }

    @Test
    @Order(3)
    void shouldFilterDispatchesByIntentAndHideOthersContentWithoutMessageContent() {
        Account owner = users.register();
        Account quiet = users.register();
        Account noContent = users.register();
        JsonNode guild = users.createGuild(owner, "Intent Room");
        String guildId = guild.get("id").asText();
        String general = guild.get("channels").get(0).get("id").asText();
        for (Account member : List.of(quiet, noContent)) {
            fixture.send("PUT", "/api/v10/guilds/" + guildId + "/members/@me", null, member.token());
        }
        try (GatewayTestClient guildsOnly = fixture.identified(quiet.token(), Intents.GUILDS);
             GatewayTestClient stripped = fixture.identified(noContent.token(), Intents.GUILDS | Intents.GUILD_MESSAGES);
             GatewayTestClient ownerSession = fixture.identified(owner.token(), ALL)) {
            users.post(owner, general, "secret recipe");
            assertEquals("", stripped.awaitDispatch("MESSAGE_CREATE").get("d").get("content").asText(),
                    "no MESSAGE_CONTENT: content is empty");
            users.post(owner, general, "hey <@" + noContent.id() + ">");
            assertEquals("hey <@" + noContent.id() + ">", stripped.awaitDispatch("MESSAGE_CREATE").get("d").get("content").asText(),
                    "a mention shows the content");
            users.post(noContent, general, "my own words");
            assertEquals("my own words", stripped.awaitDispatch("MESSAGE_CREATE").get("d").get("content").asText());
            assertEquals(204, fixture.send("POST", "/api/v10/channels/" + general + "/typing", null, noContent.token()).statusCode());
            JsonNode typing = ownerSession.awaitDispatch("TYPING_START").get("d");
            assertEquals(noContent.id(), typing.get("user_id").asText());
            guildsOnly.assertNoDispatch(QUIET, d -> d.path("t").asText().startsWith("MESSAGE")
                    || d.path("t").asText().equals("TYPING_START"));
            stripped.assertNoDispatch(Duration.ofMillis(200), d -> d.path("t").asText().equals("TYPING_START"));
        }
    }

    @Test
    @Order(4)
    void shouldAnswerMemberRequestsInChunksByQueryAndByIds() {
        Account owner = users.register();
        Account zed = users.register("zed");
        JsonNode guild = users.createGuild(owner, "Chunk Room");
        String guildId = guild.get("id").asText();
        fixture.send("PUT", "/api/v10/guilds/" + guildId + "/members/@me", null, zed.token());
        try (GatewayTestClient client = fixture.identified(owner.token(), ALL)) {
            client.send("{\"op\":8,\"d\":{\"guild_id\":\"" + guildId + "\",\"query\":\"zed\",\"limit\":10,\"nonce\":\"q1\"}}");
            JsonNode chunk = client.awaitDispatch("GUILD_MEMBERS_CHUNK").get("d");
            assertEquals("q1", chunk.get("nonce").asText());
            assertEquals(0, chunk.get("chunk_index").asInt());
            assertEquals(1, chunk.get("chunk_count").asInt());
            assertEquals(1, chunk.get("members").size());
            assertEquals(zed.id(), chunk.get("members").get(0).get("user").get("id").asText());

            client.send("{\"op\":8,\"d\":{\"guild_id\":\"" + guildId + "\",\"user_ids\":[\"" + owner.id() + "\",\"42\"],\"nonce\":\"q2\"}}");
            JsonNode byIds = client.awaitDispatch("GUILD_MEMBERS_CHUNK").get("d");
            assertEquals("q2", byIds.get("nonce").asText());
            assertEquals(owner.id(), byIds.get("members").get(0).get("user").get("id").asText());
            assertEquals("42", byIds.get("not_found").get(0).asText());

            client.send("{\"op\":8,\"d\":{\"guild_id\":\"" + guildId + "\",\"query\":\"\",\"limit\":0,\"nonce\":\"q3\"}}");
            assertEquals(2, client.awaitDispatch("GUILD_MEMBERS_CHUNK").get("d").get("members").size());
        }
    }

    @Test
    @Order(5)
    void shouldShowASessionOnlyTheGuildsOfItsShard() {
        Account owner = users.register();
        List<String> even = new ArrayList<>();
        List<String> odd = new ArrayList<>();
        for (int i = 0; i < 12 && (even.isEmpty() || odd.isEmpty()); i++) {
            String id = users.createGuild(owner, "Shard " + i).get("id").asText();
            ((Long.parseLong(id) >> 22) % 2 == 0 ? even : odd).add(id);
        }
        assertFalse(even.isEmpty() || odd.isEmpty(), "guilds of both parities");
        try (GatewayTestClient client = fixture.hello()) {
            JsonNode guilds = client.identify(owner.token(), ALL, ",\"shard\":[1,2]").get("d").get("guilds");
            List<String> listed = new ArrayList<>();
            guilds.forEach(g -> listed.add(g.get("id").asText()));
            assertEquals(odd, listed);
        }
    }

    @Test
    @Order(6)
    void shouldAnswerBadRequestsWithDiscordErrorsNamingTheField() {
        Account owner = users.register();
        Account member = users.register();
        JsonNode guild = users.createGuild(owner, "Error Room");
        String guildId = guild.get("id").asText();
        String general = guild.get("channels").get(0).get("id").asText();
        fixture.send("PUT", "/api/v10/guilds/" + guildId + "/members/@me", null, member.token());

        HttpResponse<String> empty = fixture.send("POST", "/api/v10/channels/" + general + "/messages", "{\"content\":\"\"}", owner.token());
        assertEquals(400, empty.statusCode());
        assertEquals(50006, GatewayFixture.json(empty.body()).get("code").asInt(), "Discord's 'Cannot send an empty message'");
        HttpResponse<String> wrongType = fixture.send("POST", "/api/v10/channels/" + general + "/messages", "{\"content\":5}", owner.token());
        assertEquals(400, wrongType.statusCode());
        assertTrue(GatewayFixture.json(wrongType.body()).get("errors").has("content"));
        HttpResponse<String> unknown = fixture.send("POST", "/api/v10/channels/123/messages", "{\"content\":\"x\"}", owner.token());
        assertEquals(404, unknown.statusCode());
        assertEquals(10003, GatewayFixture.json(unknown.body()).get("code").asInt());
        assertEquals(400, fixture.send("GET", "/api/v10/guilds/not-a-snowflake", null, owner.token()).statusCode());
        HttpResponse<String> notOwner = fixture.send("PATCH", "/api/v10/guilds/" + guildId, "{\"name\":\"Mine\"}", member.token());
        assertEquals(403, notOwner.statusCode());
        assertEquals(50013, GatewayFixture.json(notOwner.body()).get("code").asInt());
        HttpResponse<String> badName = fixture.send("POST", "/api/v10/guilds", "{\"name\":\"x\"}", owner.token());
        assertEquals(400, badName.statusCode());
        assertTrue(GatewayFixture.json(badName.body()).get("errors").has("name"));
        HttpResponse<String> channel = fixture.send("POST", "/api/v10/guilds/" + guildId + "/channels",
                "{\"name\":\"random\",\"type\":0}", owner.token());
        assertEquals(201, channel.statusCode());
        assertEquals("random", GatewayFixture.json(channel.body()).get("name").asText());
    }

    @Test
    @Order(7)
    void shouldKeepAllStateAcrossARestartOfTheStreamsApps() {
        Account owner = users.register();
        JsonNode guild = users.createGuild(owner, "Lasting Room");
        String general = guild.get("channels").get(0).get("id").asText();
        JsonNode before = users.post(owner, general, "before the restart");

        fixture.restartStreams();

        JsonNode history = GatewayFixture.json(fixture.send("GET", "/api/v10/channels/" + general + "/messages", null,
                owner.token()).body());
        assertEquals(before.get("id").asText(), history.get(0).get("id").asText());
        JsonNode after = users.post(owner, general, "after the restart");
        assertTrue(Long.parseLong(after.get("id").asText()) > Long.parseLong(before.get("id").asText()));
        assertEquals("Lasting Room", GatewayFixture.json(fixture.send("GET", "/api/v10/guilds/" + guild.get("id").asText(),
                null, owner.token()).body()).get("name").asText());
    }

    @Test
    @Order(8)
    void shouldDeliverAGuildJoinedJustBeforeIdentify() {
        Account owner = users.register();
        Account joiner = users.register();
        String guildId = users.createGuild(owner, "Quick Room").get("id").asText();
        assertEquals(201, fixture.send("PUT", "/api/v10/guilds/" + guildId + "/members/@me", null, joiner.token()).statusCode());
        try (GatewayTestClient client = fixture.hello()) {
            client.send(GatewayTestClient.identifyPayload(joiner.token(), ALL));
            assertEquals(guildId, client.awaitDispatch("GUILD_CREATE").get("d").get("id").asText(),
                    "in READY's list or announced when the user's guild list caught up");
        }
    }
}
