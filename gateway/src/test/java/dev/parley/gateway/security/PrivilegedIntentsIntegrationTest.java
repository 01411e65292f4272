package dev.parley.gateway.security;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.gateway.Gateway;
import dev.parley.gateway.auth.AuthSettings;
import dev.parley.gateway.protocol.Intents;
import dev.parley.gateway.testing.GatewayFixture;
import dev.parley.gateway.testing.GatewayTestClient;
import dev.parley.gateway.testing.TestUsers;
import dev.parley.gateway.testing.TestUsers.Account;
import dev.parley.kafka.testkit.Eventually;
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
import java.util.HashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Privileged intents decide what REST and the gateway hand out, not only what IDENTIFY may ask for: message
 * content on REST reads follows the MESSAGE_CONTENT grant, the member list the GUILD_MEMBERS grant, and
 * GUILD_CREATE's presences the session's GUILD_PRESENCES intent. Bots hold no privileged intent by default; humans
 * hold them all.
 */
@ExtendWith(KafkaBrokerExtension.class)
class PrivilegedIntentsIntegrationTest {
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
    void shouldHideOthersMessageContentOnRestFromABotWithoutTheGrantExceptItsOwnAndMentioningMessages() {
        Account owner = register(false);
        Account bot = register(true);
        String general = guildWith(owner, bot).general;
        String plain = post(owner, general, "the secret recipe");
        String mentioning = post(owner, general, "hey <@" + bot.id() + ">");
        String own = post(bot, general, "beep");

        Map<String, JsonNode> seen = history(fixture.baseUrl(), general, bot);
        assertEquals("", seen.get(plain).get("content").asText(), "others' content is hidden without MESSAGE_CONTENT");
        assertEquals(0, seen.get(plain).get("embeds").size());
        assertEquals(0, seen.get(plain).get("attachments").size());
        assertEquals(owner.id(), seen.get(plain).get("author").get("id").asText(), "the rest of the message stays");
        assertEquals("hey <@" + bot.id() + ">", seen.get(mentioning).get("content").asText(), "a mention shows the content");
        assertEquals("beep", seen.get(own).get("content").asText(), "its own message shows the content");

        assertEquals("the secret recipe", history(fixture.baseUrl(), general, owner).get(plain).get("content").asText(),
                "a human holds MESSAGE_CONTENT by default");
    }

    @Test
    void shouldGiveFullMessageContentAndTheMemberListToABotGrantedThem() {
        Account owner = register(false);
        Account granted = register(true);
        Account other = register(true);
        Room room = guildWith(owner, granted, other);
        String plain = post(owner, room.general, "the secret recipe");
        try (Gateway granting = fixture.startAnotherGateway(settings -> settings.with(
                AuthSettings.PRIVILEGED_INTENTS_GRANTS, granted.id() + "=MESSAGE_CONTENT+GUILD_MEMBERS"))) {
            String url = "http://127.0.0.1:" + granting.port();
            assertEquals("the secret recipe", history(url, room.general, granted).get(plain).get("content").asText());
            HttpResponse<String> members = get(url, "/api/v10/guilds/" + room.id + "/members?limit=10", granted);
            assertEquals(200, members.statusCode(), members.body());
            assertEquals(3, GatewayFixture.json(members.body()).size());

            assertEquals("", history(url, room.general, other).get(plain).get("content").asText(),
                    "a grant is per user");
            assertEquals(403, get(url, "/api/v10/guilds/" + room.id + "/members?limit=10", other).statusCode());
        }
    }

    @Test
    void shouldRefuseTheMemberListToABotWithoutTheGuildMembersGrantButShowOneMember() {
        Account owner = register(false);
        Account bot = register(true);
        Room room = guildWith(owner, bot);

        HttpResponse<String> refused = get(fixture.baseUrl(), "/api/v10/guilds/" + room.id + "/members?limit=10", bot);
        assertEquals(403, refused.statusCode(), refused.body());
        assertEquals(50001, GatewayFixture.json(refused.body()).get("code").asInt());
        assertEquals("Missing Access", GatewayFixture.json(refused.body()).get("message").asText());

        HttpResponse<String> one = get(fixture.baseUrl(), "/api/v10/guilds/" + room.id + "/members/" + owner.id(), bot);
        assertEquals(200, one.statusCode(), one.body());
        assertEquals(owner.id(), GatewayFixture.json(one.body()).get("user").get("id").asText());

        HttpResponse<String> listed = get(fixture.baseUrl(), "/api/v10/guilds/" + room.id + "/members?limit=10", owner);
        assertEquals(200, listed.statusCode(), "a human holds GUILD_MEMBERS by default: " + listed.body());
        assertEquals(2, GatewayFixture.json(listed.body()).size());
    }

    @Test
    void shouldListPresencesInGuildCreateOnlyForASessionWithGuildPresences() {
        Account online = register(false);
        Account watcher = register(false);
        Room room = guildWith(online, watcher);
        try (GatewayTestClient present = connect(online, Intents.GUILDS)) {
            Eventually.await(Duration.ofSeconds(15), "GUILD_CREATE with GUILD_PRESENCES lists the online member", () -> {
                try (GatewayTestClient client = connect(watcher, Intents.GUILDS | Intents.GUILD_PRESENCES)) {
                    JsonNode presences = client.awaitDispatch("GUILD_CREATE").get("d").get("presences");
                    for (JsonNode presence : presences) {
                        if (presence.get("user").get("id").asText().equals(online.id())) return true;
                    }
                    return false;
                }
            });
            try (GatewayTestClient client = connect(watcher, Intents.GUILDS | Intents.GUILD_MEMBERS)) {
                JsonNode create = client.awaitDispatch("GUILD_CREATE").get("d");
                assertEquals(room.id, create.get("id").asText());
                assertTrue(create.get("presences").isArray());
                assertEquals(0, create.get("presences").size(), "no GUILD_PRESENCES: presences is empty");
                assertEquals(2, create.get("members").size(), "the members are still listed");

                client.send("{\"op\":8,\"d\":{\"guild_id\":\"" + room.id + "\",\"query\":\"\",\"limit\":0,\"presences\":true}}");
                JsonNode chunk = client.awaitDispatch("GUILD_MEMBERS_CHUNK").get("d");
                assertEquals(2, chunk.get("members").size());
                assertFalse(chunk.has("presences"), "presences: true needs GUILD_PRESENCES");
            }
        }
    }

    private record Room(String id, String general) {
    }

    private static Account register(boolean bot) {
        return users.register(bot ? "bot" : "user", bot);
    }

    /** A guild owned by {@code owner} that {@code joining} have joined. */
    private static Room guildWith(Account owner, Account... joining) {
        JsonNode guild = users.createGuild(owner, "Intent Room");
        String id = guild.get("id").asText();
        for (Account member : joining) users.join(member, id);
        return new Room(id, guild.get("channels").get(0).get("id").asText());
    }

    /** Posts {@code content}; returns the message id. */
    private static String post(Account author, String channel, String content) {
        return users.post(author, channel, content).get("id").asText();
    }

    /** The channel's last messages as {@code reader} reads them from the gateway at {@code baseUrl}, by id. */
    private static Map<String, JsonNode> history(String baseUrl, String channel, Account reader) {
        HttpResponse<String> read = get(baseUrl, "/api/v10/channels/" + channel + "/messages?limit=100", reader);
        assertEquals(200, read.statusCode(), read.body());
        Map<String, JsonNode> byId = new HashMap<>();
        for (JsonNode message : GatewayFixture.json(read.body())) byId.put(message.get("id").asText(), message);
        return byId;
    }

    private static HttpResponse<String> get(String baseUrl, String path, Account caller) {
        return GatewayFixture.request("GET", baseUrl + path, "Bot " + caller.token());
    }

    private static GatewayTestClient connect(Account account, long intents) {
        return fixture.identified(account.token(), intents);
    }
}
