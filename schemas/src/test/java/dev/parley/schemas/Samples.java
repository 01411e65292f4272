package dev.parley.schemas;

import dev.parley.schemas.guild.Channel;
import dev.parley.schemas.guild.CreateGuild;
import dev.parley.schemas.guild.Guild;
import dev.parley.schemas.guild.GuildCreated;
import dev.parley.schemas.guild.Member;
import dev.parley.schemas.guild.Role;
import dev.parley.schemas.guild.User;
import dev.parley.schemas.json.Json;
import dev.parley.schemas.reply.Accepted;
import dev.parley.schemas.reply.Rejected;
import dev.parley.schemas.reply.Rejection;
import dev.parley.schemas.session.Activity;
import dev.parley.schemas.session.ClientProperties;
import dev.parley.schemas.session.Presence;
import dev.parley.schemas.session.SessionEnded;
import dev.parley.schemas.session.SessionResumed;
import dev.parley.schemas.session.SessionStarted;
import dev.parley.schemas.user.RegisterUser;

import java.util.List;
import java.util.Map;

/** One realistic value of every event type, per topic. A type without a sample fails {@link TopicSchemasTest}. */
final class Samples {
    static final long GUILD = 1_250_000_000_000_000_001L;
    static final long CHANNEL = 1_250_000_000_000_000_002L;
    static final User ALICE = new User(1_240_000_000_000_000_007L, "alice", "Alice", "0", null, false);
    static final long AT = 1_764_324_930_123L;

    static final Map<Topic<?, ?>, List<?>> BY_TOPIC = Map.of(
            Topics.GUILD_COMMANDS, List.of(
                    new CreateGuild("req-1", "gw-1", GUILD, ALICE, "Tea Room", CHANNEL)),
            Topics.GUILD_EVENTS, List.of(
                    new GuildCreated("req-1", GUILD,
                            new Guild(GUILD, "Tea Room", null, ALICE.id(), List.of(Role.everyone(GUILD)),
                                    List.of(new Channel(CHANNEL, Channel.GUILD_TEXT, GUILD, "general", 0, null, null))),
                            Member.joined(ALICE, "2026-11-28T10:15:30.123Z"))),
            Topics.USER_COMMANDS, List.of(
                    new RegisterUser("req-3", "gw-1", ALICE)),
            Topics.SESSION_EVENTS, List.of(
                    new SessionStarted(ALICE.id(), "5f0c2a", "gw-1", AT,
                            new Presence("idle", List.of(new Activity("Tea", 4, "brewing", null)), true, AT),
                            new ClientProperties("linux", "discord.js", "discord.js")),
                    new SessionResumed(ALICE.id(), "5f0c2a", "gw-2", AT + 1),
                    new SessionEnded(ALICE.id(), "5f0c2a", "gw-2", AT + 2, "closed")),
            Topics.COMMAND_REPLIES, List.of(
                    new Accepted("req-3", Json.MAPPER.valueToTree(ALICE)),
                    new Rejected("req-2", Rejection.INVALID_FORM_BODY, "name", "name must be 2-100 characters, got 1")));

    private Samples() {
    }
}
