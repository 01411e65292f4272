package dev.parley.streams.user;

import dev.parley.config.Settings;
import dev.parley.schemas.Topics;
import dev.parley.schemas.guild.Guild;
import dev.parley.schemas.guild.GuildCommand;
import dev.parley.schemas.guild.GuildCreated;
import dev.parley.schemas.guild.SyncMemberUser;
import dev.parley.schemas.guild.GuildEvent;
import dev.parley.schemas.guild.GuildMemberAdded;
import dev.parley.schemas.guild.GuildMemberRemoved;
import dev.parley.schemas.guild.Member;
import dev.parley.schemas.guild.User;
import dev.parley.schemas.user.UpdateProfile;
import dev.parley.schemas.user.UserEvent;
import dev.parley.schemas.user.UserUpdated;
import dev.parley.schemas.user.UserGuildJoined;
import dev.parley.schemas.user.UserGuildLeft;
import dev.parley.schemas.user.UserGuilds;
import dev.parley.schemas.reply.Accepted;
import dev.parley.schemas.reply.CommandReply;
import dev.parley.schemas.reply.Rejected;
import dev.parley.schemas.reply.Rejection;
import dev.parley.schemas.session.ClientProperties;
import dev.parley.schemas.session.Presence;
import dev.parley.schemas.session.SessionEnded;
import dev.parley.schemas.session.SessionEvent;
import dev.parley.schemas.session.SessionStarted;
import dev.parley.schemas.session.SessionStarts;
import dev.parley.schemas.user.RegisterUser;
import dev.parley.schemas.user.RevokeTokens;
import dev.parley.schemas.user.UserTokensRevoked;
import dev.parley.schemas.user.UserCommand;
import dev.parley.streams.StreamsAppContext;
import dev.parley.streams.StreamsApps;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class UserStateTopologyTest {
    private static final String PREFIX = "test.";
    private static final Instant NOW = Instant.parse("2026-11-28T10:00:00Z");

    @TempDir
    Path stateDir;
    private TopologyTestDriver driver;
    private TestInputTopic<Long, UserCommand> commands;
    private TestInputTopic<Long, SessionEvent> sessions;
    private TestOutputTopic<String, CommandReply> replies;
    private TestInputTopic<Long, GuildEvent> guildEvents;
    private TestOutputTopic<Long, UserEvent> userEvents;
    private TestOutputTopic<Long, GuildCommand> guildCommands;

    @BeforeEach
    void start() {
        var config = UserStateTopology.config(new StreamsAppContext("unused:9092", PREFIX, stateDir, Settings.defaults(), null));
        var builder = StreamsApps.builder(config);
        UserStateTopology.build(builder, new StreamsAppContext("unused:9092", PREFIX, stateDir, Settings.defaults(), null));
        driver = new TopologyTestDriver(builder.build(config), config);
        var in = Topics.USER_COMMANDS.withPrefix(PREFIX);
        var sessionTopic = Topics.SESSION_EVENTS.withPrefix(PREFIX);
        var out = Topics.COMMAND_REPLIES.withPrefix(PREFIX);
        commands = driver.createInputTopic(in.name(), in.keySerde().serializer(), in.valueSerde().serializer());
        sessions = driver.createInputTopic(sessionTopic.name(), sessionTopic.keySerde().serializer(),
                sessionTopic.valueSerde().serializer());
        replies = driver.createOutputTopic(out.name(), out.keySerde().deserializer(), out.valueSerde().deserializer());
        var guilds = Topics.GUILD_EVENTS.withPrefix(PREFIX);
        var users = Topics.USER_EVENTS.withPrefix(PREFIX);
        guildEvents = driver.createInputTopic(guilds.name(), guilds.keySerde().serializer(), guilds.valueSerde().serializer());
        userEvents = driver.createOutputTopic(users.name(), users.keySerde().deserializer(), users.valueSerde().deserializer());
        var toGuilds = Topics.GUILD_COMMANDS.withPrefix(PREFIX);
        guildCommands = driver.createOutputTopic(toGuilds.name(), toGuilds.keySerde().deserializer(),
                toGuilds.valueSerde().deserializer());
    }

    @Test
    void shouldAnnounceAProfileChangeToTheUserAndToEachOfTheirGuilds() {
        User alice = User.of(1, "alice", false);
        commands.pipeInput(1L, new RegisterUser("r1", "gw", alice), NOW);
        replies.readValue();
        Guild guild = new Guild(10, "G", null, 1, List.of(), List.of(), 1);
        guildEvents.pipeInput(10L, new GuildCreated("r", 10, guild, Member.joined(alice, NOW.toString())));
        guildEvents.pipeInput(20L, new GuildCreated("r", 20, guild, Member.joined(alice, NOW.toString())));
        userEvents.readValuesToList();

        commands.pipeInput(1L, new UpdateProfile("r2", "gw", 1, "alicia", "Alicia", null, false, false), NOW);
        Accepted accepted = assertInstanceOf(Accepted.class, replies.readValue());
        assertEquals("alicia", accepted.body().get("username").asText());
        UserUpdated updated = assertInstanceOf(UserUpdated.class, userEvents.readValue());
        assertEquals("Alicia", updated.user().globalName());
        var synced = guildCommands.readKeyValuesToList();
        assertEquals(List.of(10L, 20L), synced.stream().map(kv -> kv.key).toList());
        assertEquals("alicia", ((SyncMemberUser) synced.get(0).value).user().username());

        commands.pipeInput(1L, new UpdateProfile("r3", "gw", 1, "Bad Name", null, null, false, false), NOW);
        assertEquals("username", assertInstanceOf(Rejected.class, replies.readValue()).field());
        commands.pipeInput(1L, new UpdateProfile("r4", "gw", 1, null, null, "not-a-hash", false, false), NOW);
        assertEquals("avatar", assertInstanceOf(Rejected.class, replies.readValue()).field());
        commands.pipeInput(9L, new UpdateProfile("r5", "gw", 9, "ghost", null, null, false, false), NOW);
        assertEquals(Rejection.UNKNOWN_USER, assertInstanceOf(Rejected.class, replies.readValue()).reason());
        assertTrue(guildCommands.isEmpty() && userEvents.isEmpty(), "refused changes announce nothing");
    }

    @Test
    void shouldKeepEachUsersGuildsFromMembershipEventsAndAnnounceChanges() {
        User alice = User.of(1, "alice", false);
        User bob = User.of(2, "bob", false);
        Guild guild = new Guild(10, "G", null, 1, List.of(), List.of(), 1);
        guildEvents.pipeInput(10L, new GuildCreated("r", 10, guild, Member.joined(alice, NOW.toString())));
        guildEvents.pipeInput(10L, new GuildMemberAdded("r", 10, Member.joined(bob, NOW.toString()), guild.withMemberCount(2)));
        guildEvents.pipeInput(10L, new GuildMemberAdded("r", 10, Member.joined(bob, NOW.toString()), guild.withMemberCount(2)));
        guildEvents.pipeInput(20L, new GuildMemberAdded("r", 20, Member.joined(bob, NOW.toString()), guild));
        guildEvents.pipeInput(10L, new GuildMemberRemoved("r", 10, bob, false));

        KeyValueStore<Long, UserGuilds> store = driver.getKeyValueStore(UserStores.USER_GUILDS);
        assertEquals(List.of(10L), store.get(1L).guildIds());
        assertEquals(List.of(20L), store.get(2L).guildIds());
        var announced = userEvents.readKeyValuesToList();
        assertEquals(4, announced.size(), "the repeated join announced nothing: " + announced);
        UserGuildJoined bobJoined = assertInstanceOf(UserGuildJoined.class, announced.get(1).value);
        assertEquals(2L, announced.get(1).key);
        assertEquals(10L, bobJoined.guildId());
        assertEquals(1, bobJoined.offset(), "locates the join on guild-events");
        assertInstanceOf(UserGuildLeft.class, announced.get(3).value);
    }

    @Test
    void shouldBumpTheTokenGenerationOfAnExistingUserAndAnnounceTheRevocation() {
        commands.pipeInput(5L, new RegisterUser("r1", "gw", User.of(5, "eve", false)), NOW);
        replies.readValue();
        KeyValueStore<Long, Long> generations = driver.getKeyValueStore(UserStores.TOKEN_GENERATIONS);
        assertNull(generations.get(5L), "a new user is at generation 0");

        commands.pipeInput(5L, new RevokeTokens("r2", "gw", 5, 0), NOW);
        commands.pipeInput(5L, new RevokeTokens("r3", "gw", 5, 1), NOW);

        assertEquals(2L, generations.get(5L));
        List<CommandReply> answers = replies.readValuesToList();
        assertEquals(2, assertInstanceOf(Accepted.class, answers.get(1)).body().get("generation").asLong());
        assertEquals("5", ((Accepted) answers.get(1)).body().get("user_id").asText());
        var revoked = userEvents.readKeyValuesToList();
        assertEquals(List.of(5L, 5L), revoked.stream().map(kv -> kv.key).toList());
        assertEquals(new UserTokensRevoked(5, 1), revoked.get(0).value);
        assertEquals(new UserTokensRevoked(5, 2), revoked.get(1).value);

        commands.pipeInput(5L, new RevokeTokens("r3", "gw", 5, 1), NOW);
        assertEquals(2L, generations.get(5L), "processed again (a crash before the commit): no second bump");
        assertEquals(2, assertInstanceOf(Accepted.class, replies.readValue()).body().get("generation").asLong());
        userEvents.readKeyValuesToList();

        commands.pipeInput(5L, new RegisterUser("r1", "gw", User.of(5, "eve", false)), NOW);
        assertInstanceOf(Accepted.class, replies.readValue(), "a registration processed again is answered again");

        commands.pipeInput(6L, new RevokeTokens("r4", "gw", 6, 0), NOW);
        assertEquals(Rejection.UNKNOWN_USER, assertInstanceOf(Rejected.class, replies.readValue()).reason());
        assertNull(generations.get(6L), "nothing stored for an unknown user");
        assertTrue(userEvents.isEmpty(), "nothing announced for an unknown user");
    }

    @AfterEach
    void stop() {
        driver.close();
    }

    @Test
    void shouldStoreARegisteredUserAndAnswerTheGatewayWithIt() {
        User bot = User.of(42, "tea_bot", true);
        commands.pipeInput(42L, new RegisterUser("r1", "gw-a", bot), NOW);

        var reply = replies.readRecord();
        assertEquals("gw-a", reply.key());
        Accepted accepted = assertInstanceOf(Accepted.class, reply.value());
        assertEquals("42", accepted.body().get("id").asText());
        assertEquals(true, accepted.body().get("bot").asBoolean());
        KeyValueStore<Long, User> users = driver.getKeyValueStore(UserStores.USERS);
        assertEquals(bot, users.get(42L));
    }

    @Test
    void shouldRejectAnInvalidUsernameNamingTheField() {
        commands.pipeInput(43L, new RegisterUser("r1", "gw-a", User.of(43, "Bad Name!", false)), NOW);

        Rejected rejected = assertInstanceOf(Rejected.class, replies.readValue());
        assertEquals(Rejection.INVALID_FORM_BODY, rejected.reason());
        assertEquals("username", rejected.field());
        KeyValueStore<Long, User> users = driver.getKeyValueStore(UserStores.USERS);
        assertNull(users.get(43L));
    }

    @Test
    void shouldCountSessionStartsWithinTheLastDay() {
        long t0 = NOW.toEpochMilli();
        var props = new ClientProperties("linux", "jda", "jda");
        sessions.pipeInput(7L, new SessionStarted(7, "s1", "gw", t0, User.of(7, "g", false), Presence.online(), props));
        sessions.pipeInput(7L, new SessionEnded(7, "s1", "gw", t0 + 5, "closed"));
        long later = t0 + Duration.ofHours(25).toMillis();
        sessions.pipeInput(7L, new SessionStarted(7, "s2", "gw", later, User.of(7, "g", false), Presence.online(), props));
        sessions.pipeInput(7L, new SessionStarted(7, "s3", "gw", later + 1, User.of(7, "g", false), Presence.online(), props));

        KeyValueStore<Long, SessionStarts> starts = driver.getKeyValueStore(UserStores.SESSION_STARTS);
        assertEquals(List.of(later, later + 1), starts.get(7L).at(), "the first start left the 24 h window");
    }
}
