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
import dev.parley.schemas.guild.GuildFields;
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
import dev.parley.schemas.Partitioning;
import dev.parley.schemas.ids.GuildObjectIdGenerator;
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
import java.util.concurrent.atomic.AtomicLong;

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
    private static final int MAX_CHANNELS = 5;
    private static final long RECORD_MAX_BYTES = 1600;

    @TempDir
    Path stateDir;
    private TopologyTestDriver driver;
    private TestInputTopic<Long, GuildCommand> commands;
    private TestOutputTopic<Long, GuildEvent> events;
    private TestOutputTopic<String, CommandReply> replies;
    private final AtomicInteger requests = new AtomicInteger();
    private int sent;
    private final AtomicLong clock = new AtomicLong(NOW.toEpochMilli());
    private final GuildObjectIdGenerator ids = new GuildObjectIdGenerator(1, clock::incrementAndGet);

    @BeforeEach
    void start() {
        var context = new StreamsAppContext("unused:9092", PREFIX, stateDir,
                Settings.defaults().with(GuildSettings.HISTORY_PER_CHANNEL, HISTORY)
                        .with(GuildSettings.MAX_CHANNELS, MAX_CHANNELS).with(GuildSettings.STATE_RECORD_MAX_BYTES, RECORD_MAX_BYTES), null);
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
        GuildCreated created = assertInstanceOf(GuildCreated.class, send(createGuildCommand(id(), "gw-a", GUILD, ALICE, "Tea Room")).get(0));
        Guild guild = created.guild();
        assertEquals("Tea Room", guild.name());
        assertEquals(ALICE.id(), guild.ownerId());
        assertEquals(1, guild.memberCount());
        assertEquals(GUILD, guild.roles().get(0).id(), "@everyone has the guild's id");
        Channel general = guild.channels().get(0);
        assertEquals("general", general.name());
        assertTrue(general.takesText());
        assertEquals(Partitioning.guildPartition(GUILD), Snowflake.appPartition(general.id()), "names the guild's partition");
        assertEquals(NOW.toString(), created.owner().joinedAt());

        assertEquals(guild, guilds().get(GUILD));
        assertEquals(ALICE, members().get(Keys.pair(GUILD, ALICE.id())).user());
        assertEquals(GUILD, channelIndex().get(general.id()));


        var reply = replies.readRecord();
        assertEquals("gw-a", reply.key(), "the reply goes to the asking gateway");
        Accepted accepted = assertInstanceOf(Accepted.class, reply.value());
        assertEquals(Long.toString(GUILD), accepted.body().get("id").asText(), "the body is the guild in Discord's shape");
    }

    @Test
    void shouldRejectASecondGuildWithTheSameIdAndAnInvalidNameNamingTheField() {
        send(createGuildCommand(id(), "gw", GUILD, ALICE, "Tea Room"));
        replies.readValue();
        assertRejected(createGuildCommand(id(), "gw", GUILD, BOB, "Mine now"), Rejection.GUILD_EXISTS);
        assertEquals("Tea Room", guilds().get(GUILD).name());
        Rejected badName = assertRejected(createGuildCommand(id(), "gw", GUILD + 1, ALICE, " x "), Rejection.INVALID_FORM_BODY);
        assertEquals("name", badName.field());
        assertNull(guilds().get(GUILD + 1));
    }

    @Test
    void shouldSendNoReplyWhenNobodyWaits() {
        commands.pipeInput(GUILD, createGuildCommand(id(), null, GUILD, ALICE, "Tea Room"), NOW);
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
                send(new CreateMessage(id(), "gw", GUILD, ALICE.id(), general, objectId(), "hi <@200> and <@!999>", "n-1", false, false)).get(0));
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
                assertRejected(new CreateMessage(id(), "gw", GUILD, CAROL.id(), general, objectId(), "hi", null, false, false), Rejection.MISSING_ACCESS).reason());
        assertRejected(new CreateMessage(id(), "gw", GUILD, ALICE.id(), 12345, objectId(), "hi", null, false, false), Rejection.UNKNOWN_CHANNEL);
        long voice = ((ChannelCreated) send(new CreateChannel(id(), "gw", GUILD, ALICE.id(), objectId(), "voice", Channel.GUILD_VOICE,
                null, null)).get(0)).channel().id();
        replies.readValue();
        assertRejected(new CreateMessage(id(), "gw", GUILD, ALICE.id(), voice, objectId(), "hi", null, false, false), Rejection.WRONG_CHANNEL_TYPE);
        assertRejected(new CreateMessage(id(), "gw", GUILD, ALICE.id(), general, objectId(), "   ", null, false, false),
                Rejection.EMPTY_MESSAGE);
        assertEquals("content", assertRejected(new CreateMessage(id(), "gw", GUILD, ALICE.id(), general, objectId(), "x".repeat(2001), null,
                false, false), Rejection.INVALID_FORM_BODY).field());
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
        assertRejected(new CreateChannel(id(), "gw", GUILD, BOB.id(), objectId(), "nope", Channel.GUILD_TEXT, null, null),
                Rejection.MISSING_PERMISSIONS);
        Channel category = ((ChannelCreated) send(new CreateChannel(id(), "gw", GUILD, ALICE.id(), objectId(), "Talk",
                Channel.GUILD_CATEGORY, null, null)).get(0)).channel();
        replies.readValue();
        Channel random = ((ChannelCreated) send(new CreateChannel(id(), "gw", GUILD, ALICE.id(), objectId(), "random",
                Channel.GUILD_TEXT, category.id(), "anything")).get(0)).channel();
        replies.readValue();
        assertEquals(category.id(), random.parentId());
        assertEquals("type", assertRejected(new CreateChannel(id(), "gw", GUILD, ALICE.id(), objectId(), "x", 7, null, null),
                Rejection.INVALID_FORM_BODY).field());
        assertEquals("parent_id", assertRejected(new CreateChannel(id(), "gw", GUILD, ALICE.id(), objectId(), "x", 0, general, null),
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

    @Test
    void shouldApplyACommandProcessedTwiceOnceAndAnswerItTheSameWay() {
        createGuild();
        long general = guilds().get(GUILD).channels().get(0).id();
        CreateMessage post = new CreateMessage(id(), "gw", GUILD, ALICE.id(), general, objectId(), "once", null, false, false);
        Instant at = NOW.plusSeconds(1);
        MessageCreated first = (MessageCreated) sendAt(post, at).get(0);
        CommandReply firstReply = replies.readValue();
        MessageCreated again = assertInstanceOf(MessageCreated.class, sendAt(post, at).get(0),
                "processed again (a crash before the commit): the same event again, never lost");
        assertEquals(first, again);
        assertEquals(firstReply, replies.readValue(), "the same answer");
        assertEquals(1, history(general).size(), "one message");
        assertEquals(post.messageId(), history(general).get(0).id(), "with the id the command brought");

        CreateChannel create = new CreateChannel(id(), "gw", GUILD, ALICE.id(), objectId(), "news", Channel.GUILD_TEXT,
                null, null);
        ChannelCreated channel = (ChannelCreated) sendAt(create, at).get(0);
        replies.readValue();
        assertEquals(channel, sendAt(create, at).get(0));
        replies.readValue();
        assertEquals(2, guilds().get(GUILD).channels().size());

        AddMember join = new AddMember(id(), "gw", GUILD, BOB);
        GuildMemberAdded joined = (GuildMemberAdded) sendAt(join, at).get(0);
        replies.readValue();
        assertEquals(joined.member(), ((GuildMemberAdded) sendAt(join, at).get(0)).member());
        replies.readValue();
        assertEquals(2, guilds().get(GUILD).memberCount(), "counted once");

        CreateGuild guild = createGuildCommand(id(), "gw", GUILD + 7, ALICE, "Twice");
        GuildCreated created = (GuildCreated) sendAt(guild, at).get(0);
        replies.readValue();
        assertEquals(created, sendAt(guild, at).get(0));
        assertInstanceOf(Accepted.class, replies.readValue(), "its own guild, not GUILD_EXISTS");
    }

    @Test
    void shouldAnswerARepeatedNonceWithTheFirstMessageWhenEnforced() {
        long general = createGuild();
        Message first = ((MessageCreated) send(new CreateMessage(id(), "gw", GUILD, ALICE.id(), general, objectId(), "hello",
                "n-42", false, true)).get(0)).message();
        replies.readValue();
        assertTrue(send(new CreateMessage(id(), "gw", GUILD, ALICE.id(), general, objectId(), "hello", "n-42", false, true))
                .isEmpty(), "a retry with the same nonce creates nothing");
        Accepted original = assertInstanceOf(Accepted.class, replies.readValue());
        assertEquals(Long.toString(first.id()), original.body().get("id").asText(), "it is answered the first message");
        assertEquals(1, history(general).size());

        send(new CreateMessage(id(), "gw", GUILD, ALICE.id(), general, objectId(), "hello", "n-42", false, false));
        replies.readValue();
        assertEquals(2, history(general).size(), "without enforce_nonce a nonce is only echoed");
        join(BOB);
        send(new CreateMessage(id(), "gw", GUILD, BOB.id(), general, objectId(), "hello", "n-42", false, true));
        replies.readValue();
        assertEquals(3, history(general).size(), "another author's nonce is another nonce");
        sendAt(new CreateMessage(id(), "gw", GUILD, ALICE.id(), general, objectId(), "hello", "n-42", false, true),
                NOW.plus(GuildSettings.NONCE_WINDOW.defaultValue()).plusSeconds(1));
        replies.readValue();
        assertEquals(3, history(general).size(), "history keeps " + HISTORY);
        assertEquals("hello", history(general).get(0).content());
        assertTrue(history(general).stream().noneMatch(m -> m.id() == first.id()), "a new message after the window");
    }

    @Test
    void shouldRefuseACommandReadAfterItsDeadlineWithoutApplyingIt() {
        long general = createGuild();
        var headers = new org.apache.kafka.common.header.internals.RecordHeaders();
        dev.parley.schemas.CommandHeaders.expiresAt(headers, NOW.toEpochMilli() - 1);
        CreateMessage late = new CreateMessage(id(), "gw", GUILD, ALICE.id(), general, objectId(), "too late", null, false, false);
        commands.pipeInput(new org.apache.kafka.streams.test.TestRecord<>(GUILD, late, headers, NOW.plusSeconds(1)));
        assertTrue(events.isEmpty());
        assertEquals(Rejection.EXPIRED, ((Rejected) replies.readValue()).reason());
        assertTrue(history(general).isEmpty(), "not applied");

        dev.parley.schemas.CommandHeaders.expiresAt(headers, NOW.toEpochMilli() + 5_000);
        commands.pipeInput(new org.apache.kafka.streams.test.TestRecord<>(GUILD, late, headers, NOW.plusSeconds(1)));
        assertInstanceOf(MessageCreated.class, events.readValue(), "within its deadline it is applied");
    }

    @Test
    void shouldMeasureContentAsStoredAndRefuseGuildsOverTheirLimits() throws Exception {
        long general = createGuild();
        Rejected padded = assertRejected(new CreateMessage(id(), "gw", GUILD, ALICE.id(), general, objectId(),
                "hi" + " ".repeat(60_000), null, false, false), Rejection.INVALID_FORM_BODY);
        assertEquals("content", padded.field());
        assertTrue(padded.message().contains("60002"), padded.message());
        for (int i = 1; i < MAX_CHANNELS; i++) {
            send(new CreateChannel(id(), "gw", GUILD, ALICE.id(), objectId(), "c" + i, Channel.GUILD_TEXT, null, null));
            replies.readValue();
        }
        Rejected full = assertRejected(new CreateChannel(id(), "gw", GUILD, ALICE.id(), objectId(), "one more",
                Channel.GUILD_TEXT, null, null), Rejection.MAX_CHANNELS);
        assertTrue(full.message().contains("guild.max-channels"), full.message());
        int room = (int) (RECORD_MAX_BYTES - dev.parley.schemas.json.Json.MAPPER.writeValueAsBytes(guilds().get(GUILD)).length);
        assertTrue(room > 0 && room < GuildFields.TOPIC_MAX, "the test's guild is near its size limit: " + room);
        Rejected large = assertRejected(new UpdateChannel(id(), "gw", GUILD, ALICE.id(), general, null, "t".repeat(room + 4),
                null, false, null), Rejection.GUILD_TOO_LARGE);
        assertTrue(large.message().contains("guild.state-record-max-bytes"), large.message());
        assertNull(guilds().get(GUILD).channel(general).topic(), "unchanged");
        send(new UpdateChannel(id(), "gw", GUILD, ALICE.id(), general, null, "t".repeat(room / 2), null, false, null));
        assertInstanceOf(Accepted.class, replies.readValue(), "what fits is taken");
        assertRejected(new CreateChannel(id(), "gw", GUILD, ALICE.id(), objectId(GUILD + 1), "elsewhere", Channel.GUILD_TEXT,
                null, null), Rejection.INVALID_FORM_BODY);
        assertRejected(new UpdateGuild(id(), "gw", GUILD, ALICE.id(), null, "x".repeat(5000)), Rejection.INVALID_FORM_BODY);
    }

    @Test
    void shouldSendARecordThatCannotBeProcessedToTheDeadLetterTopicAndGoOn() {
        long general = createGuild();
        var deadLetters = deadLetters();
        CreateMessage misrouted = new CreateMessage(id(), "gw", GUILD, ALICE.id(), general, objectId(), "where am I", null,
                false, false);
        commands.pipeInput(GUILD + 1, misrouted, NOW.plusSeconds(1));
        var letter = deadLetters.readRecord();
        assertEquals("processing", dev.parley.schemas.DeadLetters.header(letter.headers(), dev.parley.schemas.DeadLetters.STAGE));
        assertEquals(IllegalArgumentException.class.getName(),
                dev.parley.schemas.DeadLetters.header(letter.headers(), dev.parley.schemas.DeadLetters.EXCEPTION));
        assertEquals(Topics.GUILD_COMMANDS.withPrefix(PREFIX).name(),
                dev.parley.schemas.DeadLetters.header(letter.headers(), dev.parley.schemas.DeadLetters.TOPIC));
        assertEquals(misrouted, Topics.GUILD_COMMANDS.valueSerde().deserializer().deserialize("t", letter.value()),
                "the original value, byte for byte");
        assertEquals(Rejection.INTERNAL_ERROR, ((Rejected) replies.readValue()).reason(), "the waiting gateway hears at once");

        var raw = driver.createInputTopic(Topics.GUILD_COMMANDS.withPrefix(PREFIX).name(),
                new org.apache.kafka.common.serialization.LongSerializer(),
                new org.apache.kafka.common.serialization.ByteArraySerializer());
        raw.pipeInput(GUILD, "{\"type\":\"NO_SUCH_COMMAND\"}".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        assertEquals("deserialization", dev.parley.schemas.DeadLetters.header(deadLetters.readRecord().headers(),
                dev.parley.schemas.DeadLetters.STAGE));

        assertEquals("still here", post(ALICE, general, "still here").content(), "the partition goes on");
    }

    @Test
    void shouldNotBringBackATrimmedPostProcessedAgainNorTakeAnotherPostsId() {
        long general = createGuild();
        List<CreateMessage> posts = new ArrayList<>();
        List<Instant> times = new ArrayList<>();
        for (int i = 0; i <= HISTORY; i++) {
            CreateMessage post = new CreateMessage(id(), "gw", GUILD, ALICE.id(), general, objectId(), "m" + i, null, false, false);
            Instant at = NOW.plusSeconds(10 + i);
            sendAt(post, at);
            replies.readValue();
            posts.add(post);
            times.add(at);
        }
        List<Long> newest = history(general).stream().map(Message::id).toList();
        sendAt(posts.get(0), times.get(0)); // trimmed already, processed again
        replies.readValue();
        assertEquals(newest, history(general).stream().map(Message::id).toList(), "the newest " + HISTORY + " stay");

        CreateMessage clash = new CreateMessage(id(), "gw", GUILD, BOB.id(), general, posts.get(HISTORY).messageId(),
                "not mine", null, false, false);
        join(BOB);
        assertRejected(clash, Rejection.INTERNAL_ERROR);
        assertEquals("m" + HISTORY, history(general).get(0).content(), "the other post is untouched");
    }

    private org.apache.kafka.streams.TestOutputTopic<byte[], byte[]> deadLetters() {
        var topic = Topics.DEAD_LETTERS.withPrefix(PREFIX);
        return driver.createOutputTopic(topic.name(), topic.keySerde().deserializer(), topic.valueSerde().deserializer());
    }

    private List<Message> history(long channelId) {
        List<Message> kept = new ArrayList<>();
        try (var all = messages().reverseRange(Keys.first(channelId), Keys.last(channelId))) {
            all.forEachRemaining(e -> kept.add(e.value));
        }
        return kept;
    }

    private long createGuild() {
        GuildCreated created = (GuildCreated) send(createGuildCommand(id(), "gw", GUILD, ALICE, "Tea Room")).get(0);
        replies.readValue();
        return created.guild().channels().get(0).id();
    }

    private void join(User user) {
        send(new AddMember(id(), "gw", GUILD, user));
        replies.readValue();
    }

    private Message post(User author, long channel, String content) {
        Message message = ((MessageCreated) send(new CreateMessage(id(), "gw", GUILD, author.id(), channel, objectId(), content, null,
                false, false)).get(0)).message();
        replies.readValue();
        return message;
    }

    /** Sends {@code command}, a millisecond after the previous one (as records of separate requests are). */
    private List<GuildEvent> send(GuildCommand command) {
        return sendAt(command, NOW.plusMillis(sent++));
    }

    private List<GuildEvent> sendAt(GuildCommand command, Instant at) {
        commands.pipeInput(command.guildId(), command, at);
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

    /** A new id of an object of {@link #GUILD}, as a gateway makes it. */
    private long objectId() {
        return objectId(GUILD);
    }

    private long objectId(long guildId) {
        return ids.next(Partitioning.guildPartition(guildId));
    }

    private CreateGuild createGuildCommand(String requestId, String replyTo, long guildId, User owner, String name) {
        return new CreateGuild(requestId, replyTo, guildId, owner, name, objectId(guildId));
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
