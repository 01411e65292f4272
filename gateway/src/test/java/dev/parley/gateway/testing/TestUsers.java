package dev.parley.gateway.testing;

import com.fasterxml.jackson.databind.JsonNode;

import java.net.http.HttpResponse;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Registered users of a {@link GatewayFixture} and what they commonly do over REST, asserting each step succeeded. */
public final class TestUsers {
    private static final AtomicInteger NAMES = new AtomicInteger();
    private final GatewayFixture fixture;

    /** A registered user: its id and token. */
    public record Account(String id, String token) {
    }

    public TestUsers(GatewayFixture fixture) {
        this.fixture = fixture;
    }

    /** A new user with a unique name. */
    public Account register() {
        return register("user");
    }

    /** A new user whose unique name starts with {@code prefix}. */
    public Account register(String prefix) {
        return register(prefix, false);
    }

    /** A new user (a bot when {@code bot}) whose unique name starts with {@code prefix}. */
    public Account register(String prefix, boolean bot) {
        JsonNode registered = fixture.register(prefix + NAMES.incrementAndGet() + "_" + ProcessHandle.current().pid(), bot);
        return new Account(registered.get("user").get("id").asText(), registered.get("token").asText());
    }

    /** A new guild of {@code owner}: the created guild (201). */
    public JsonNode createGuild(Account owner, String name) {
        HttpResponse<String> created = fixture.send("POST", "/api/v10/guilds", "{\"name\":\"" + name + "\"}", owner.token());
        assertEquals(201, created.statusCode(), created.body());
        return GatewayFixture.json(created.body());
    }

    /** {@code member} joins the guild (201). */
    public void join(Account member, String guildId) {
        HttpResponse<String> joined = fixture.send("PUT", "/api/v10/guilds/" + guildId + "/members/@me", null, member.token());
        assertEquals(201, joined.statusCode(), joined.body());
    }

    /** Posts {@code body} (a JSON object) to a channel; the raw answer. */
    public HttpResponse<String> postRaw(Account author, String channelId, String body) {
        return fixture.send("POST", "/api/v10/channels/" + channelId + "/messages", body, author.token());
    }

    /** Posts plain {@code content} (no quotes or backslashes in it); the raw answer, whatever it is. */
    public HttpResponse<String> tryPost(Account author, String channelId, String content) {
        return postRaw(author, channelId, "{\"content\":\"" + content + "\"}");
    }

    /** Posts plain {@code content} (no quotes or backslashes in it); the created message (200). */
    public JsonNode post(Account author, String channelId, String content) {
        HttpResponse<String> posted = tryPost(author, channelId, content);
        assertEquals(200, posted.statusCode(), posted.body());
        return GatewayFixture.json(posted.body());
    }

    /** The channel's messages, newest first (200). */
    public JsonNode history(Account reader, String channelId) {
        HttpResponse<String> read = fixture.get("/api/v10/channels/" + channelId + "/messages?limit=100", reader.token());
        assertEquals(200, read.statusCode(), read.body());
        return GatewayFixture.json(read.body());
    }
}
