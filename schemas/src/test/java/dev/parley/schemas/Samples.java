package dev.parley.schemas;

import dev.parley.schemas.guild.Channel;
import dev.parley.schemas.guild.CommandRejected;
import dev.parley.schemas.guild.CreateGuild;
import dev.parley.schemas.guild.Guild;
import dev.parley.schemas.guild.GuildCreated;
import dev.parley.schemas.guild.Member;
import dev.parley.schemas.guild.Rejection;
import dev.parley.schemas.guild.Role;
import dev.parley.schemas.guild.User;

import java.util.List;
import java.util.Map;

/** One realistic value of every event type, per topic. A type without a sample fails {@link TopicSchemasTest}. */
final class Samples {
    static final long GUILD = 1_250_000_000_000_000_001L;
    static final long CHANNEL = 1_250_000_000_000_000_002L;
    static final User ALICE = new User(1_240_000_000_000_000_007L, "alice", "Alice", "0", null, false);

    static final Map<Topic<?, ?>, List<?>> BY_TOPIC = Map.of(
            Topics.GUILD_COMMANDS, List.of(
                    new CreateGuild("req-1", GUILD, ALICE, "Tea Room", CHANNEL)),
            Topics.GUILD_EVENTS, List.of(
                    new GuildCreated("req-1", GUILD,
                            new Guild(GUILD, "Tea Room", null, ALICE.id(), List.of(Role.everyone(GUILD)),
                                    List.of(new Channel(CHANNEL, Channel.GUILD_TEXT, GUILD, "general", 0, null, null))),
                            Member.joined(ALICE, "2026-11-28T10:15:30.123Z")),
                    new CommandRejected("req-2", GUILD, Rejection.INVALID_FORM_BODY, "name",
                            "name must be 2-100 characters, got 1")));

    private Samples() {
    }
}
