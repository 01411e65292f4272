package dev.parley.schemas;

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
import dev.parley.schemas.guild.GuildCreated;
import dev.parley.schemas.guild.GuildMemberAdded;
import dev.parley.schemas.guild.GuildMemberRemoved;
import dev.parley.schemas.guild.GuildMemberUpdated;
import dev.parley.schemas.guild.SyncMemberUser;
import dev.parley.schemas.guild.GuildUpdated;
import dev.parley.schemas.guild.Member;
import dev.parley.schemas.guild.Message;
import dev.parley.schemas.guild.MessageCreated;
import dev.parley.schemas.guild.MessageDeleted;
import dev.parley.schemas.guild.PartialMember;
import dev.parley.schemas.guild.RemoveMember;
import dev.parley.schemas.guild.Role;
import dev.parley.schemas.guild.TriggerTyping;
import dev.parley.schemas.guild.TypingStarted;
import dev.parley.schemas.guild.UpdateChannel;
import dev.parley.schemas.guild.UpdateGuild;
import dev.parley.schemas.guild.User;
import dev.parley.schemas.json.Json;
import dev.parley.schemas.reply.Accepted;
import dev.parley.schemas.reply.Rejected;
import dev.parley.schemas.reply.Rejection;
import dev.parley.schemas.presence.PresenceUpdate;
import dev.parley.schemas.session.Activity;
import dev.parley.schemas.session.FanoutJournalEntry;
import dev.parley.schemas.session.GatewayHeartbeat;
import dev.parley.schemas.session.SessionPresenceChanged;
import dev.parley.schemas.session.ClientProperties;
import dev.parley.schemas.session.SessionCheckpoint;
import dev.parley.schemas.session.Presence;
import dev.parley.schemas.session.SessionEnded;
import dev.parley.schemas.session.SessionResumed;
import dev.parley.schemas.session.SessionStarted;
import dev.parley.schemas.user.RegisterUser;
import dev.parley.schemas.user.RevokeTokens;
import dev.parley.schemas.user.UpdateProfile;
import dev.parley.schemas.user.UserUpdated;
import dev.parley.schemas.user.UserGuildJoined;
import dev.parley.schemas.user.UserGuildLeft;
import dev.parley.schemas.user.UserTokensRevoked;

import java.util.List;
import java.util.Map;

/** One realistic value of every event type, per topic. A type without a sample fails {@link TopicSchemasTest}. */
final class Samples {
    static final long GUILD = 1_250_000_000_000_000_001L;
    static final long CHANNEL = 1_250_000_000_000_000_002L;
    static final long MESSAGE = 1_250_000_000_000_000_003L;
    static final User ALICE = new User(1_240_000_000_000_000_007L, "alice", "Alice", "0", null, false);
    static final User BOB = User.of(1_240_000_000_000_000_008L, "bob", true);
    static final long AT = 1_764_324_930_123L;
    static final String JOINED = "2026-11-28T10:15:30.123Z";
    static final Channel GENERAL = new Channel(CHANNEL, Channel.GUILD_TEXT, GUILD, "general", 0, null, null);
    static final Guild TEA_ROOM = new Guild(GUILD, "Tea Room", null, ALICE.id(), List.of(Role.everyone(GUILD)),
            List.of(GENERAL), 2);
    static final Member BOB_MEMBER = Member.joined(BOB, JOINED);
    static final Message HELLO = new Message(MESSAGE, CHANNEL, GUILD, ALICE, PartialMember.of(Member.joined(ALICE, JOINED)),
            "hello <@" + BOB.id() + ">", JOINED, null, false, false, List.of(BOB), List.of(), List.of(), List.of(),
            false, 0, "n-1");

    static final Map<Topic<?, ?>, List<?>> BY_TOPIC = Map.ofEntries(
            Map.entry(Topics.GUILD_COMMANDS, List.of(
                    new CreateGuild("req-1", "gw-1", GUILD, ALICE, "Tea Room", CHANNEL),
                    new UpdateGuild("req-2", "gw-1", GUILD, ALICE.id(), "Tea House", null),
                    new CreateChannel("req-3", "gw-1", GUILD, ALICE.id(), CHANNEL + 10, "voice", Channel.GUILD_VOICE, null, null),
                    new UpdateChannel("req-4", "gw-1", GUILD, ALICE.id(), CHANNEL, null, "daily tea", null, false, 1),
                    new DeleteChannel("req-5", null, GUILD, ALICE.id(), CHANNEL),
                    new AddMember("req-6", "gw-2", GUILD, BOB),
                    new RemoveMember("req-7", "gw-2", GUILD, BOB.id(), BOB.id()),
                    new CreateMessage("req-8", "gw-1", GUILD, ALICE.id(), CHANNEL, MESSAGE, "hello", "n-1", false, true),
                    new DeleteMessage("req-9", "gw-1", GUILD, ALICE.id(), CHANNEL, MESSAGE),
                    new TriggerTyping("req-10", "gw-1", GUILD, ALICE.id(), CHANNEL),
                    new SyncMemberUser("req-11", null, GUILD, BOB))),
            Map.entry(Topics.GUILD_EVENTS, List.of(
                    new GuildCreated("req-1", GUILD, TEA_ROOM, Member.joined(ALICE, JOINED)),
                    new GuildUpdated("req-2", GUILD, TEA_ROOM.withNameAndIcon("Tea House", null)),
                    new ChannelCreated("req-3", GUILD, GENERAL),
                    new ChannelUpdated("req-4", GUILD, GENERAL),
                    new ChannelDeleted(null, GUILD, GENERAL),
                    new GuildMemberAdded("req-6", GUILD, BOB_MEMBER, TEA_ROOM),
                    new GuildMemberRemoved("req-7", GUILD, BOB, false),
                    new GuildMemberUpdated(null, GUILD, BOB_MEMBER),
                    new MessageCreated("req-8", GUILD, HELLO),
                    new MessageDeleted("req-9", GUILD, CHANNEL, MESSAGE),
                    new TypingStarted("req-10", GUILD, CHANNEL, ALICE.id(), AT / 1000, Member.joined(ALICE, JOINED)))),
            Map.entry(Topics.USER_COMMANDS, List.of(
                    new RegisterUser("req-3", "gw-1", ALICE),
                    new UpdateProfile("req-4", "gw-1", ALICE.id(), "alice2", null, null, true, false),
                    new RevokeTokens("req-12", "gw-1", ALICE.id(), 0))),
            Map.entry(Topics.SESSION_EVENTS, List.of(
                    new SessionStarted(ALICE.id(), "5f0c2a", "gw-1", AT, ALICE,
                            new Presence("idle", List.of(new Activity("Tea", 4, "brewing", null)), true, AT),
                            new ClientProperties("linux", "discord.js", "discord.js")),
                    new SessionResumed(ALICE.id(), "5f0c2a", "gw-2", AT + 1, Presence.online(), "desktop"),
                    new SessionEnded(ALICE.id(), "5f0c2a", "gw-2", AT + 2, "closed"),
                    new SessionPresenceChanged(ALICE.id(), "5f0c2a", "gw-2", AT + 3, Presence.online(), "mobile"))),
            Map.entry(Topics.COMMAND_REPLIES, List.of(
                    new Accepted("req-3", Json.MAPPER.valueToTree(ALICE)),
                    new Rejected("req-2", Rejection.INVALID_FORM_BODY, "name", "name must be 2-100 characters, got 1"))),
            Map.entry(Topics.USER_EVENTS, List.of(
                    new UserGuildJoined(BOB.id(), GUILD, 3, 42),
                    new UserGuildLeft(BOB.id(), GUILD),
                    new UserUpdated(BOB.id(), BOB),
                    new UserTokensRevoked(BOB.id(), 2))),
            Map.entry(Topics.PRESENCE_UPDATES, List.of(
                    new PresenceUpdate(GUILD, ALICE, "idle", List.of(new Activity("Tea", 4, "brewing", null)),
                            Map.of("desktop", "idle", "mobile", "online")))),
            Map.entry(Topics.GATEWAY_HEARTBEATS, List.of(
                    new GatewayHeartbeat("gw-1", AT, 1000, 3, AT - 60_000))),
            Map.entry(Topics.SESSION_CHECKPOINTS, List.of(
                    new SessionCheckpoint("gw-1-00000001", BOB.id(), "gw-1", 33281, 0, 1, 50,
                            new ClientProperties("linux", "discord.js", "discord.js"), 2, List.of(GUILD), 17, false,
                            List.of(new SessionCheckpoint.Position("guild-events", 3, 420),
                                    new SessionCheckpoint.Position("user-events", 5, 12)), AT, AT - 60_000, 811))),
            Map.entry(Topics.FANOUT_JOURNAL, List.of(
                    new FanoutJournalEntry("gw-1", AT - 60_000, 812, List.of(
                            new FanoutJournalEntry.Range("guild-events", 3, 420, 423),
                            new FanoutJournalEntry.Range("user-events", 5, 12, 13)), List.of()),
                    new FanoutJournalEntry("gw-1", AT - 60_000, 813, List.of(
                            new FanoutJournalEntry.Range("presence-updates", 3, 97, 140)), List.of("gw-1-00000001")))),
            Map.entry(Topics.DEAD_LETTERS, List.of(
                    "{\"type\":\"CREATE_MESSAGE\",\"content\":".getBytes(java.nio.charset.StandardCharsets.UTF_8))));

    private Samples() {
    }
}
