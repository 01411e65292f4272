package dev.parley.streams.guild;

import dev.parley.config.Settings;
import dev.parley.schemas.Topics;
import dev.parley.schemas.guild.AddMember;
import dev.parley.schemas.guild.Channel;
import dev.parley.schemas.guild.ChannelCreated;
import dev.parley.schemas.guild.ChannelDeleted;
import dev.parley.schemas.guild.ChannelUpdated;
import dev.parley.schemas.guild.CreateChannel;
import dev.parley.schemas.guild.CreateGuild;
import dev.parley.schemas.guild.CreateMessage;
import dev.parley.schemas.guild.DeleteChannel;
import dev.parley.schemas.guild.DeleteMessage;
import dev.parley.schemas.guild.Guild;
import dev.parley.schemas.guild.GuildCommand;
import dev.parley.schemas.guild.GuildCreated;
import dev.parley.schemas.guild.GuildEvent;
import dev.parley.schemas.guild.GuildMemberAdded;
import dev.parley.schemas.guild.GuildMemberRemoved;
import dev.parley.schemas.guild.GuildMemberUpdated;
import dev.parley.schemas.guild.SyncMemberUser;
import dev.parley.schemas.presence.PresenceUpdate;
import dev.parley.schemas.guild.Member;
import dev.parley.schemas.guild.Message;
import dev.parley.schemas.guild.MessageCreated;
import dev.parley.schemas.guild.MessageDeleted;
import dev.parley.schemas.guild.RemoveMember;
import dev.parley.schemas.guild.TriggerTyping;
import dev.parley.schemas.guild.TypingStarted;
import dev.parley.schemas.guild.UpdateChannel;
import dev.parley.schemas.guild.UpdateGuild;
import dev.parley.schemas.guild.User;
import dev.parley.schemas.ids.Snowflake;
import dev.parley.schemas.reply.Accepted;
import dev.parley.schemas.reply.CommandReply;
import dev.parley.schemas.reply.Rejected;
import dev.parley.schemas.reply.Rejection;
import dev.parley.streams.StreamsAppContext;
import dev.parley.streams.StreamsApps;
import org.apache.kafka.common.utils.Bytes;
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
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class GuildStateTopologyTest {
    private static final String PREFIX = "test.";
    private static final long GUILD = 1_250_000_000_000_000_001L;
    private static final User ALICE = User.of(100, "alice", false);
    private static final User BOB = User.of(200, "bob", false);
    private static final User CAROL = User.of(300, "carol", false);
    private static final Instant NOW = Instant.parse("2026-11-28T10:00:00Z");
    private static final int HISTORY = 3;

    @TempDir
    Path stateDir;
    private TopologyTestDriver driver;
    private TestInputTopic<Long, GuildCommand> commands;
    private TestOutputTopic<Long, GuildEvent> events;
    private TestOutputTopic<String, CommandReply> replies;
    private final AtomicInteger requests = new AtomicInteger();

    @BeforeEach
    void start() {
        var context = new StreamsAppContext("unused:9092", PREFIX, stateDir,
                Settings.defaults().with(GuildSettings.HISTORY_PER_CHANNEL, HISTORY), null);
        var config = GuildStateTopology.config(context);
        var builder = StreamsApps.builder(config);
        GuildStateTopology.build(builder, context);
        driver = new TopologyTestDriver(builder.build(config), config, NOW);
        var in = Topics.GUILD_COMMANDS.withPrefix(PREFIX);
        var out = Topics.GUILD_EVENTS.withPrefix(PREFIX);
        var answers = Topics.COMMAND_REPLIES.withPrefix(PREFIX);
        commands = driver.createInputTopic(in.name(), in.keySerde().serializer(), in.valueSerde().serializer());
        events = driver.createOutputTopic(out.name(), out.keySerde().deserializer(), out.valueSerde().deserializer());
        replies = driver.createOutputTopic(answers.name(), answers.keySerde().deserializer(), answers.valueSerde().deserializer());
    }

    @AfterEach
    void stop() {
        driver.close();
    }

    @Test
    void shouldCreateAGuildWithItsOwnerAsFirstMemberAndAGeneralChannel() {
        GuildCreated created = assertInstanceOf(GuildCreated.class, send(new CreateGuild(id(), "gw-a", GUILD, ALICE, "Tea Room")).get(0));
        Guild guild = created.guild();
        assertEquals("Tea Room", guild.name());
        assertEquals(ALICE.id(), guild.ownerId());
        assertEquals(1, guild.memberCount());
        assertEquals(GUILD, guild.roles().get(0).id(), "@everyone has the guild's id");
        Channel general = guild.channels().get(0);
        assertEquals("general", general.name());
        assertTrue(general.takesText());
        assertEquals(Snowflake.FIRST_APP_WORKER, Snowflake.worker(general.id()), "made by the guild app");
        assertEquals(NOW.toString(), created.owner().joinedAt());

        assertEquals(guild, guilds().get(GUILD));
        assertEquals(ALICE, members().get(Keys.pair(GUILD, ALICE.id())).user());
        assertEquals(GUILD, channelIndex().get(general.id()));
        assertEquals(0, Snowflake.appPartition(general.id()), "the channel id names its guild's partition");

        var reply = replies.readRecord();
        assertEquals("gw-a", reply.key(), "the reply goes to the asking gateway");
        Accepted accepted = assertInstanceOf(Accepted.class, reply.value());
        assertEquals(Long.toString(GUILD), accepted.body().get("id").asText(), "the body is the guild in Discord's shape");
    }

    @Test
    void shouldRejectASecondGuildWithTheSameIdAndAnInvalidNameNamingTheField() {
        send(new CreateGuild(id(), "gw", GUILD, ALICE, "Tea Room"));
        replies.readValue();
        assertRejected(new CreateGuild(id(), "gw", GUILD, BOB, "Mine now"), Rejection.GUILD_EXISTS);
        assertEquals("Tea Room", guilds().get(GUILD).name());
        Rejected badName = assertRejected(new CreateGuild(id(), "gw", GUILD + 1, ALICE, " x "), Rejection.INVALID_FORM_BODY);
        assertEquals("name", badName.field());
        assertNull(guilds().get(GUILD + 1));
    }

    @Test
    void shouldSendNoReplyWhenNobodyWaits() {
        commands.pipeInput(GUILD, new CreateGuild(id(), null, GUILD, ALICE, "Tea Room"), NOW);
        assertInstanceOf(GuildCreated.class, events.readValue());
        assertTrue(replies.isEmpty());
    }

    @Test
    void shouldAddAMemberOnceAndCountIt() {
        createGuild();
        GuildMemberAdded added = assertInstanceOf(GuildMemberAdded.class, send(new AddMember(id(), "gw", GUILD, BOB)).get(0));
        assertEquals(BOB, added.member().user());
        assertEquals(2, added.guild().memberCount());
        assertEquals(2, guilds().get(GUILD).memberCount());
        assertInstanceOf(Accepted.class, replies.readValue());

        assertTrue(send(new AddMember(id(), "gw", GUILD, BOB)).isEmpty(), "joining twice changes nothing");
        assertInstanceOf(Accepted.class, replies.readValue());
        assertEquals(2, guilds().get(GUILD).memberCount());
        assertRejected(new AddMember(id(), "gw", 999, BOB), Rejection.UNKNOWN_GUILD);
    }

    @Test
    void shouldPostAMemberMessageWithASnowflakeIdMentionsAndHistory() {
        long general = createGuild();
        join(BOB);
        MessageCreated created = assertInstanceOf(MessageCreated.class,
                send(new CreateMessage(id(), "gw", GUILD, ALICE.id(), general, "hi <@200> and <@!999>", "n-1", false)).get(0));
        Message message = created.message();
        assertEquals("hi <@200> and <@!999>", message.content());
        assertEquals(List.of(BOB), message.mentions(), "only members are mentioned");
        assertEquals("n-1", message.nonce());
        assertEquals(general, message.channelId());
        assertEquals(Snowflake.timestamp(message.id()).toString(), message.timestamp());
        Accepted accepted = assertInstanceOf(Accepted.class, replies.readValue());
        assertEquals(Long.toString(message.id()), accepted.body().get("id").asText());
        assertEquals(message, messages().get(Keys.pair(general, message.id())));
    }

    @Test
    void shouldRefuseMessagesFromNonMembersToUnknownOrVoiceChannelsAndOfBadLength() {
        long general = createGuild();
        assertEquals(Rejection.MISSING_ACCESS,
                assertRejected(new CreateMessage(id(), "gw", GUILD, CAROL.id(), general, "hi", null, false), Rejection.MISSING_ACCESS).reason());
        assertRejected(new CreateMessage(id(), "gw", GUILD, ALICE.id(), 12345, "hi", null, false), Rejection.UNKNOWN_CHANNEL);
        long voice = ((ChannelCreated) send(new CreateChannel(id(), "gw", GUILD, ALICE.id(), "voice", Channel.GUILD_VOICE,
                null, null)).get(0)).channel().id();
        replies.readValue();
        assertRejected(new CreateMessage(id(), "gw", GUILD, ALICE.id(), voice, "hi", null, false), Rejection.WRONG_CHANNEL_TYPE);
        assertEquals("content", assertRejected(new CreateMessage(id(), "gw", GUILD, ALICE.id(), general, "   ", null, false),
                Rejection.INVALID_FORM_BODY).field());
        assertEquals("content", assertRejected(new CreateMessage(id(), "gw", GUILD, ALICE.id(), general, "x".repeat(2001), null,
                false), Rejection.INVALID_FORM_BODY).field());
        assertTrue(events.isEmpty(), "refused commands publish nothing");
    }

    @Test
    void shouldKeepOnlyTheNewestMessagesOfEachChannel() {
        long general = createGuild();
        List<Long> ids = new ArrayList<>();
        for (int i = 0; i < 5; i++) ids.add(post(ALICE, general, "m" + i).id());
        for (int i = 1; i < ids.size(); i++) assertTrue(ids.get(i) > ids.get(i - 1), "ids increase");
        List<Long> kept = new ArrayList<>();
        try (var all = messages().range(Keys.first(general), Keys.last(general))) {
            all.forEachRemaining(e -> kept.add(e.value.id()));
        }
        assertEquals(ids.subList(2, 5), kept);
    }

    @Test
    void shouldKeepTrimmingFromTheOldestKeptMessageWhenTheOldestWasDeleted() {
        long general = createGuild();
        List<Long> ids = new ArrayList<>();
        for (int i = 0; i < HISTORY + 2; i++) ids.add(post(ALICE, general, "m" + i).id());
        long oldestKept = ids.get(2);
        assertInstanceOf(MessageDeleted.class, send(new DeleteMessage(id(), "gw", GUILD, ALICE.id(), general, oldestKept)).get(0));
        replies.readValue();
        for (int i = 0; i < 3; i++) ids.add(post(ALICE, general, "n" + i).id());

        List<Long> kept = new ArrayList<>();
        try (var all = messages().range(Keys.first(general), Keys.last(general))) {
            all.forEachRemaining(e -> kept.add(e.value.id()));
        }
        assertEquals(ids.subList(ids.size() - HISTORY, ids.size()), kept, "the newest " + HISTORY + ", nothing older");
    }

    @Test
    void shouldLetAuthorsAndTheOwnerDeleteMessagesButNotOthers() {
        long general = createGuild();
        join(BOB);
        join(CAROL);
        Message bobs = post(BOB, general, "from bob");
        assertRejected(new DeleteMessage(id(), "gw", GUILD, CAROL.id(), general, bobs.id()), Rejection.MISSING_PERMISSIONS);
        MessageDeleted deleted = assertInstanceOf(MessageDeleted.class,
                send(new DeleteMessage(id(), "gw", GUILD, ALICE.id(), general, bobs.id())).get(0));
        assertEquals(bobs.id(), deleted.messageId());
        replies.readValue();
        assertNull(messages().get(Keys.pair(general, bobs.id())));
        assertRejected(new DeleteMessage(id(), "gw", GUILD, BOB.id(), general, bobs.id()), Rejection.UNKNOWN_MESSAGE);
    }

    @Test
    void shouldLetOnlyTheOwnerManageChannelsAndKeepTheIndex() {
        long general = createGuild();
        join(BOB);
        assertRejected(new CreateChannel(id(), "gw", GUILD, BOB.id(), "nope", Channel.GUILD_TEXT, null, null),
                Rejection.MISSING_PERMISSIONS);
        Channel category = ((ChannelCreated) send(new CreateChannel(id(), "gw", GUILD, ALICE.id(), "Talk",
                Channel.GUILD_CATEGORY, null, null)).get(0)).channel();
        replies.readValue();
        Channel random = ((ChannelCreated) send(new CreateChannel(id(), "gw", GUILD, ALICE.id(), "random",
                Channel.GUILD_TEXT, category.id(), "anything")).get(0)).channel();
        replies.readValue();
        assertEquals(category.id(), random.parentId());
        assertEquals("type", assertRejected(new CreateChannel(id(), "gw", GUILD, ALICE.id(), "x", 7, null, null),
                Rejection.INVALID_FORM_BODY).field());
        assertEquals("parent_id", assertRejected(new CreateChannel(id(), "gw", GUILD, ALICE.id(), "x", 0, general, null),
                Rejection.INVALID_FORM_BODY).field());

        ChannelUpdated updated = assertInstanceOf(ChannelUpdated.class, send(new UpdateChannel(id(), "gw", GUILD,
                ALICE.id(), random.id(), "off-topic", null, null, true, null)).get(0));
        replies.readValue();
        assertEquals("off-topic", updated.channel().name());
        assertNull(updated.channel().parentId());
        assertEquals("anything", updated.channel().topic());

        post(ALICE, random.id(), "soon gone");
        ChannelDeleted deleted = assertInstanceOf(ChannelDeleted.class,
                send(new DeleteChannel(id(), "gw", GUILD, ALICE.id(), random.id())).get(0));
        replies.readValue();
        assertEquals(random.id(), deleted.channel().id());
        assertNull(guilds().get(GUILD).channel(random.id()));
        try (var left = messages().range(Keys.first(random.id()), Keys.last(random.id()))) {
            assertFalse(left.hasNext(), "the history went with the channel");
        }
        assertNull(channelIndex().get(random.id()), "gone from the channel index");
        assertEquals(GUILD, channelIndex().get(category.id()));
    }

    @Test
    void shouldLetMembersLeaveAndTheOwnerKickButNotTheOwnerLeave() {
        createGuild();
        join(BOB);
        join(CAROL);
        assertRejected(new RemoveMember(id(), "gw", GUILD, BOB.id(), CAROL.id()), Rejection.MISSING_PERMISSIONS);
        GuildMemberRemoved left = assertInstanceOf(GuildMemberRemoved.class,
                send(new RemoveMember(id(), "gw", GUILD, BOB.id(), BOB.id())).get(0));
        replies.readValue();
        assertFalse(left.kicked());
        GuildMemberRemoved kicked = assertInstanceOf(GuildMemberRemoved.class,
                send(new RemoveMember(id(), "gw", GUILD, ALICE.id(), CAROL.id())).get(0));
        replies.readValue();
        assertTrue(kicked.kicked());
        assertEquals(1, guilds().get(GUILD).memberCount());
        assertNull(members().get(Keys.pair(GUILD, BOB.id())));
        assertRejected(new RemoveMember(id(), "gw", GUILD, ALICE.id(), ALICE.id()), Rejection.INVALID_FORM_BODY);
        assertRejected(new RemoveMember(id(), "gw", GUILD, ALICE.id(), BOB.id()), Rejection.UNKNOWN_MEMBER);
    }

    @Test
    void shouldAnnounceTypingAndGuildUpdatesFromTheRightPeople() {
        long general = createGuild();
        join(BOB);
        TypingStarted typing = assertInstanceOf(TypingStarted.class,
                send(new TriggerTyping(id(), "gw", GUILD, BOB.id(), general)).get(0));
        replies.readValue();
        assertEquals(BOB.id(), typing.userId());
        assertEquals(NOW.getEpochSecond(), typing.timestamp());
        assertRejected(new UpdateGuild(id(), "gw", GUILD, BOB.id(), "Bob's", null), Rejection.MISSING_PERMISSIONS);
        send(new UpdateGuild(id(), "gw", GUILD, ALICE.id(), "Tea House", null));
        assertEquals("Tea House", guilds().get(GUILD).name());
    }

    @Test
    void shouldUpdateAMembersUserAndKeepOnlyOnlineMembersPresences() {
        createGuild();
        join(BOB);
        User renamed = new User(BOB.id(), "robert", "Robert", "0", null, false);
        GuildMemberUpdated updated = assertInstanceOf(GuildMemberUpdated.class,
                send(new SyncMemberUser("sync", null, GUILD, renamed)).get(0));
        assertEquals(renamed, updated.member().user());
        assertEquals(renamed, members().get(Keys.pair(GUILD, BOB.id())).user());
        assertTrue(send(new SyncMemberUser("sync2", null, GUILD, CAROL)).isEmpty(), "not a member: nothing");

        var presenceTopic = Topics.PRESENCE_UPDATES.withPrefix(PREFIX);
        var presences = driver.createInputTopic(presenceTopic.name(), presenceTopic.keySerde().serializer(),
                presenceTopic.valueSerde().serializer());
        presences.pipeInput(GUILD, new PresenceUpdate(GUILD, renamed, "idle", List.of(), java.util.Map.of("web", "idle")));
        presences.pipeInput(GUILD, new PresenceUpdate(GUILD, CAROL, "online", List.of(), java.util.Map.of()));
        KeyValueStore<Bytes, PresenceUpdate> online = driver.getKeyValueStore(GuildStores.PRESENCES);
        assertEquals("idle", online.get(Keys.pair(GUILD, BOB.id())).status());
        assertNull(online.get(Keys.pair(GUILD, CAROL.id())), "a non-member's presence is not kept");
        presences.pipeInput(GUILD, new PresenceUpdate(GUILD, renamed, "offline", List.of(), java.util.Map.of()));
        assertNull(online.get(Keys.pair(GUILD, BOB.id())));
    }

    private long createGuild() {
        GuildCreated created = (GuildCreated) send(new CreateGuild(id(), "gw", GUILD, ALICE, "Tea Room")).get(0);
        replies.readValue();
        return created.guild().channels().get(0).id();
    }

    private void join(User user) {
        send(new AddMember(id(), "gw", GUILD, user));
        replies.readValue();
    }

    private Message post(User author, long channel, String content) {
        Message message = ((MessageCreated) send(new CreateMessage(id(), "gw", GUILD, author.id(), channel, content, null,
                false)).get(0)).message();
        replies.readValue();
        return message;
    }

    private List<GuildEvent> send(GuildCommand command) {
        commands.pipeInput(command.guildId(), command, NOW);
        return events.readValuesToList();
    }

    private Rejected assertRejected(GuildCommand command, Rejection reason) {
        assertTrue(send(command).isEmpty(), "a refused command publishes nothing");
        Rejected rejected = assertInstanceOf(Rejected.class, replies.readValue());
        assertEquals(reason, rejected.reason(), rejected.message());
        assertNotNull(rejected.message());
        return rejected;
    }

    private String id() {
        return "r" + requests.incrementAndGet();
    }

    private KeyValueStore<Long, Guild> guilds() {
        return driver.getKeyValueStore(GuildStores.GUILDS);
    }

    private KeyValueStore<Bytes, Member> members() {
        return driver.getKeyValueStore(GuildStores.MEMBERS);
    }

    private KeyValueStore<Long, Long> channelIndex() {
        return driver.getKeyValueStore(GuildStores.CHANNEL_GUILDS);
    }

    private KeyValueStore<Bytes, Message> messages() {
        return driver.getKeyValueStore(GuildStores.MESSAGES);
    }
}
