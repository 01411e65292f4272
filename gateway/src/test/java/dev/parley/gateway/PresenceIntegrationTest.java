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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Presence across sessions and gateways, dead-gateway detection and profile changes, over real sockets. */
@ExtendWith(KafkaBrokerExtension.class)
class PresenceIntegrationTest {
    private static final Logger log = LoggerFactory.getLogger(PresenceIntegrationTest.class);
    private static final long INTENTS = Intents.GUILDS | Intents.GUILD_MEMBERS | Intents.GUILD_PRESENCES
            | Intents.GUILD_MESSAGES;
    private static final AtomicInteger NAMES = new AtomicInteger();
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
    void shouldShowAMemberComingOnlineGoingIdleAndGoingOfflineWithTheirLastSession() {
        Pair pair = pairInGuild();
        try (GatewayTestClient watcher = connect(fixture.gateway(), pair.b, "")) {
            GatewayTestClient first = connect(fixture.gateway(), pair.a, "");
            assertEquals("online", presenceOf(watcher, pair.a).get("status").asText());

            try (GatewayTestClient second = connect(fixture.gateway(), pair.a, ",\"presence\":{\"status\":\"online\","
                    + "\"since\":null,\"activities\":[],\"afk\":false}")) {
                second.send("{\"op\":3,\"d\":{\"since\":null,\"activities\":[{\"name\":\"Tea\",\"type\":4,\"state\":\"brewing\"}],"
                        + "\"status\":\"idle\",\"afk\":true}}");
                JsonNode idle = presenceOf(watcher, pair.a);
                assertEquals("idle", idle.get("status").asText());
                assertEquals("brewing", idle.get("activities").get(0).get("state").asText());
                first.close(1000);
                second.close(1000);
            }
            awaitStatus(watcher, pair.a, "offline");
        }
    }

    @Test
    void shouldListOnlineMembersPresencesInGuildCreate() {
        Pair pair = pairInGuild();
        try (GatewayTestClient watcher = connect(fixture.gateway(), pair.b, "");
             GatewayTestClient online = connect(fixture.gateway(), pair.a, "")) {
            presenceOf(watcher, pair.a);
            try (GatewayTestClient late = fixture.hello()) {
                late.identify(pair.b.token(), INTENTS);
                JsonNode create = late.awaitDispatch("GUILD_CREATE").get("d");
                boolean listed = false;
                for (JsonNode presence : create.get("presences")) {
                    listed |= presence.get("user").get("id").asText().equals(pair.a.id()) && presence.get("status").asText().equals("online");
                }
                assertTrue(listed, "GUILD_CREATE lists A online: " + create.get("presences"));
            }
        }
    }

    @Test
    void shouldTakeUsersOfADeadGatewayOfflineWithinTheTimeout() {
        Pair pair = pairInGuild();
        Gateway doomed = fixture.startAnotherGateway(settings -> settings);
        try (GatewayTestClient watcher = connect(fixture.gateway(), pair.b, "")) {
            GatewayTestClient victim = connect(doomed, pair.a, "");
            assertEquals("online", presenceOf(watcher, pair.a).get("status").asText());
            long killed = System.nanoTime();
            doomed.halt();
            assertEquals("offline", presenceOf(watcher, pair.a).get("status").asText());
            long millis = (System.nanoTime() - killed) / 1_000_000;
            log.info("a user of a halted gateway went offline for others after {} ms (presence.gateway-timeout 2500 ms)", millis);
            victim.abort();
        }
    }

    @Test
    void shouldCarryARenameToTheUsersSessionsAndEveryMemberOfTheirGuilds() {
        Pair pair = pairInGuild();
        try (GatewayTestClient member = connect(fixture.gateway(), pair.b, "");
             GatewayTestClient own = connect(fixture.gateway(), pair.a, "")) {
            presenceOf(member, pair.a);
            String name = "renamed" + NAMES.incrementAndGet();
            HttpResponse<String> patched = fixture.send("PATCH", "/api/v10/users/@me",
                    "{\"username\":\"" + name + "\",\"global_name\":\"Renamed\"}", pair.a.token());
            assertEquals(200, patched.statusCode(), patched.body());
            assertEquals(name, own.awaitDispatch("USER_UPDATE").get("d").get("username").asText());
            JsonNode memberUpdate = null;
            JsonNode presence = null;
            while (memberUpdate == null || presence == null) {
                JsonNode message = member.next();
                String t = message.path("t").asText();
                if (t.equals("GUILD_MEMBER_UPDATE")) memberUpdate = message.get("d");
                if (t.equals("PRESENCE_UPDATE") && message.get("d").get("user").get("username").asText().equals(name)) {
                    presence = message.get("d");
                }
            }
            assertEquals(pair.guildId, memberUpdate.get("guild_id").asText());
            assertEquals(name, memberUpdate.get("user").get("username").asText());
            assertEquals("Renamed", memberUpdate.get("user").get("global_name").asText());
            assertEquals("online", presence.get("status").asText(), "presences carry the new user");
            assertEquals(name, GatewayFixture.json(fixture.send("GET", "/api/v10/users/" + pair.a.id(), null, pair.b.token())
                    .body()).get("username").asText());
            HttpResponse<String> bad = fixture.send("PATCH", "/api/v10/users/@me", "{\"username\":\"No Spaces\"}", pair.a.token());
            assertEquals(400, bad.statusCode());
            assertTrue(GatewayFixture.json(bad.body()).get("errors").has("username"));
        }
    }

    private record Pair(Account a, Account b, String guildId) {
    }

    /** A owns a guild B is a member of. */
    private static Pair pairInGuild() {
        Account a = users.register("presence");
        Account b = users.register("presence");
        JsonNode guild = GatewayFixture.json(fixture.send("POST", "/api/v10/guilds", "{\"name\":\"Presence Room\"}", a.token()).body());
        String guildId = guild.get("id").asText();
        assertEquals(201, fixture.send("PUT", "/api/v10/guilds/" + guildId + "/members/@me", null, b.token()).statusCode());
        return new Pair(a, b, guildId);
    }

    /** Skips {@code who}'s presences until one with {@code status} (two closes may be seen in either order). */
    private static JsonNode awaitStatus(GatewayTestClient watcher, Account who, String status) {
        while (true) {
            JsonNode d = presenceOf(watcher, who);
            if (d.get("status").asText().equals(status)) return d;
        }
    }

    /** The next PRESENCE_UPDATE about {@code who}. */
    private static JsonNode presenceOf(GatewayTestClient watcher, Account who) {
        while (true) {
            JsonNode d = watcher.awaitDispatch("PRESENCE_UPDATE").get("d");
            if (d.get("user").get("id").asText().equals(who.id())) return d;
        }
    }

    private static GatewayTestClient connect(Gateway gateway, Account account, String extra) {
        return GatewayFixture.identified(gateway, account.token(), INTENTS, extra);
    }
}
