package dev.parley.streams.guild;

import dev.parley.config.Settings;
import dev.parley.schemas.Topics;
import dev.parley.schemas.guild.CreateGuild;
import dev.parley.schemas.guild.Guild;
import dev.parley.schemas.guild.GuildCommand;
import dev.parley.schemas.guild.GuildCreated;
import dev.parley.schemas.guild.GuildEvent;
import dev.parley.schemas.reply.Accepted;
import dev.parley.schemas.reply.CommandReply;
import dev.parley.schemas.reply.Rejected;
import dev.parley.schemas.reply.Rejection;
import dev.parley.schemas.guild.User;
import dev.parley.streams.StreamsAppContext;
import dev.parley.streams.StreamsApps;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Instant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class GuildStateTopologyTest {
    private static final String PREFIX = "test.";
    private static final User ALICE = User.of(100, "alice", false);
    private static final Instant NOW = Instant.parse("2026-11-28T10:00:00Z");

    @TempDir
    Path stateDir;
    private TopologyTestDriver driver;
    private TestInputTopic<Long, GuildCommand> commands;
    private TestOutputTopic<Long, GuildEvent> events;
    private TestOutputTopic<String, CommandReply> replies;

    @BeforeEach
    void start() {
        var config = GuildStateTopology.config(
                new StreamsAppContext("unused:9092", PREFIX, stateDir, Settings.defaults(), null));
        StreamsBuilder builder = StreamsApps.builder(config);
        GuildStateTopology.build(builder, PREFIX);
        driver = new TopologyTestDriver(builder.build(config), config);
        var in = Topics.GUILD_COMMANDS.withPrefix(PREFIX);
        var out = Topics.GUILD_EVENTS.withPrefix(PREFIX);
        commands = driver.createInputTopic(in.name(), in.keySerde().serializer(), in.valueSerde().serializer());
        events = driver.createOutputTopic(out.name(), out.keySerde().deserializer(), out.valueSerde().deserializer());
        var answers = Topics.COMMAND_REPLIES.withPrefix(PREFIX);
        replies = driver.createOutputTopic(answers.name(), answers.keySerde().deserializer(),
                answers.valueSerde().deserializer());
    }

    @AfterEach
    void stop() {
        driver.close();
    }

    @Test
    void shouldCreateAGuildWithItsOwnerAsFirstMemberAndAGeneralChannel() {
        commands.pipeInput(1L, new CreateGuild("r1", "gw-a", 1L, ALICE, "Tea Room", 2L), NOW);

        var record = events.readRecord();
        assertEquals(1L, record.key());
        GuildCreated created = assertInstanceOf(GuildCreated.class, record.value());
        assertEquals("r1", created.requestId());
        assertEquals("Tea Room", created.guild().name());
        assertEquals(ALICE.id(), created.guild().ownerId());
        assertEquals(1L, created.guild().roles().get(0).id(), "@everyone has the guild's id");
        assertEquals("general", created.guild().channels().get(0).name());
        assertEquals(2L, created.guild().channels().get(0).id());
        assertEquals(ALICE, created.owner().user());
        assertEquals(NOW.toString(), created.owner().joinedAt());

        KeyValueStore<Long, Guild> store = driver.getKeyValueStore(GuildStores.GUILDS);
        assertEquals(created.guild(), store.get(1L));
        assertTrue(events.isEmpty());

        var reply = replies.readRecord();
        assertEquals("gw-a", reply.key(), "the reply goes to the asking gateway");
        Accepted accepted = assertInstanceOf(Accepted.class, reply.value());
        assertEquals("r1", accepted.requestId());
        assertEquals("1", accepted.body().get("id").asText(), "the body is the guild in Discord's shape");
        assertEquals("Tea Room", accepted.body().get("name").asText());
    }

    @Test
    void shouldSendNoReplyWhenNobodyWaits() {
        commands.pipeInput(1L, new CreateGuild("r1", null, 1L, ALICE, "Tea Room", 2L), NOW);
        assertInstanceOf(GuildCreated.class, events.readValue());
        assertTrue(replies.isEmpty());
    }

    @Test
    void shouldRejectASecondGuildWithTheSameIdAndKeepTheFirst() {
        commands.pipeInput(1L, new CreateGuild("r1", "gw-a", 1L, ALICE, "Tea Room", 2L), NOW);
        commands.pipeInput(1L, new CreateGuild("r2", "gw-b", 1L, User.of(200, "mallory", false), "Mine now", 3L), NOW);

        events.readValue();
        assertTrue(events.isEmpty(), "a rejected command publishes nothing");
        replies.readValue();
        var reply = replies.readRecord();
        assertEquals("gw-b", reply.key());
        Rejected rejected = assertInstanceOf(Rejected.class, reply.value());
        assertEquals("r2", rejected.requestId());
        assertEquals(Rejection.GUILD_EXISTS, rejected.reason());
        KeyValueStore<Long, Guild> store = driver.getKeyValueStore(GuildStores.GUILDS);
        assertEquals("Tea Room", store.get(1L).name());
    }

    @Test
    void shouldRejectANameOutsideTwoToAHundredCharactersNamingTheField() {
        commands.pipeInput(5L, new CreateGuild("r1", "gw-a", 5L, ALICE, " x ", 6L), NOW);

        assertTrue(events.isEmpty());
        Rejected rejected = assertInstanceOf(Rejected.class, replies.readValue());
        assertEquals(Rejection.INVALID_FORM_BODY, rejected.reason());
        assertEquals("name", rejected.field());
        KeyValueStore<Long, Guild> store = driver.getKeyValueStore(GuildStores.GUILDS);
        assertNull(store.get(5L));
    }
}
