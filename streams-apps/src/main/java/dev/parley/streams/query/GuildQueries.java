package dev.parley.streams.query;

import dev.parley.schemas.guild.ChannelRef;
import dev.parley.schemas.guild.Guild;
import dev.parley.schemas.guild.Member;
import dev.parley.schemas.guild.Message;
import dev.parley.schemas.ids.Snowflake;
import dev.parley.schemas.presence.PresenceUpdate;
import dev.parley.schemas.query.GuildSnapshot;
import dev.parley.schemas.query.StateQueryApi;
import dev.parley.streams.guild.GuildStores;
import dev.parley.streams.guild.Keys;
import io.undertow.server.HttpServerExchange;
import io.undertow.server.RoutingHandler;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/**
 * The guild-keyed reads of the state query API. Each answers only a {@code viewer} who is a member of the guild
 * (403 otherwise), from the stores of the task owning the guild's partition.
 */
final class GuildQueries {
    static final int MAX_MEMBERS_PAGE = 1000;
    static final int MAX_MESSAGES_PAGE = 100;

    private GuildQueries() {
    }

    static void register(RoutingHandler routes, KeyRouter router) {
        routes.get(StateQueryApi.CHANNEL_TEMPLATE, router.inPartition(GuildStores.CHANNEL_GUILDS, "channelId",
                Snowflake::appPartition, (exchange, task) -> {
                    long channelId = Answers.requiredId(exchange, "channelId");
                    Long guildId = task.<Long, Long>store(GuildStores.CHANNEL_GUILDS).get(channelId);
                    if (guildId == null) Answers.error(exchange, 404, "unknown channel " + channelId);
                    else Answers.send(exchange, 200, new ChannelRef(channelId, guildId));
                }));
        routes.get(StateQueryApi.GUILD_TEMPLATE, guildRead(router, (exchange, task, guild) -> Answers.send(exchange, 200, guild)));
        routes.get(StateQueryApi.SNAPSHOT_TEMPLATE, guildRead(router, (exchange, task, guild) -> {
            int largeThreshold = Answers.number(exchange, "large_threshold", 50, 0, 1_000_000);
            Member self = task.<Bytes, Member>store(GuildStores.MEMBERS).get(Keys.pair(guild.id(), viewer(exchange)));
            List<Member> members = guild.memberCount() <= largeThreshold ? members(task, guild.id(), 0, Integer.MAX_VALUE)
                    : self == null ? List.of() : List.of(self);
            Answers.send(exchange, 200, new GuildSnapshot(guild, members, presences(task, guild.id(), largeThreshold)));
        }));
        routes.get(StateQueryApi.MEMBERS_TEMPLATE, guildRead(router, (exchange, task, guild) -> Answers.send(exchange, 200,
                members(task, guild.id(), Answers.id(exchange, "after", 0),
                        Answers.number(exchange, "limit", 1, 1, MAX_MEMBERS_PAGE)))));
        routes.get(StateQueryApi.MEMBER_TEMPLATE, guildRead(router, (exchange, task, guild) -> {
            long userId = Answers.requiredId(exchange, "userId");
            Member member = task.<Bytes, Member>store(GuildStores.MEMBERS).get(Keys.pair(guild.id(), userId));
            if (member == null) Answers.error(exchange, 404, "user " + userId + " is not a member of guild " + guild.id());
            else Answers.send(exchange, 200, member);
        }));
        routes.get(StateQueryApi.MEMBER_SEARCH_TEMPLATE, guildRead(router, (exchange, task, guild) ->
                Answers.send(exchange, 200, search(exchange, task, guild.id()))));
        routes.get(StateQueryApi.MESSAGES_TEMPLATE, guildRead(router, (exchange, task, guild) -> {
            long channelId = Answers.requiredId(exchange, "channelId");
            if (guild.channel(channelId) == null) {
                Answers.error(exchange, 404, "unknown channel " + channelId + " in guild " + guild.id());
                return;
            }
            Answers.send(exchange, 200, messages(task, channelId, Answers.number(exchange, "limit", 50, 1, MAX_MESSAGES_PAGE),
                    Answers.id(exchange, "before", 0), Answers.id(exchange, "after", 0)));
        }));
    }

    /** A read of an existing guild by one of its members. */
    private interface GuildRead {
        void answer(HttpServerExchange exchange, KeyRouter.Task task, Guild guild);
    }

    private static io.undertow.server.HttpHandler guildRead(KeyRouter router, GuildRead read) {
        return router.keyed(GuildStores.GUILDS, "guildId", (exchange, task) -> {
            long guildId = Answers.requiredId(exchange, "guildId");
            Guild guild = task.<Long, Guild>store(GuildStores.GUILDS).get(guildId);
            if (guild == null) {
                Answers.error(exchange, 404, "unknown guild " + guildId);
            } else if (task.<Bytes, Member>store(GuildStores.MEMBERS).get(Keys.pair(guildId, viewer(exchange))) == null) {
                Answers.send(exchange, 403, java.util.Map.of("code", dev.parley.schemas.reply.Rejection.MISSING_ACCESS.discordCode(), "message", "Missing Access"));
            } else {
                read.answer(exchange, task, guild);
            }
        });
    }

    private static long viewer(HttpServerExchange exchange) {
        return Answers.requiredId(exchange, "viewer");
    }

    private static List<Member> members(KeyRouter.Task task, long guildId, long after, int limit) {
        List<Member> page = new ArrayList<>();
        try (KeyValueIterator<Bytes, Member> all = task.<Bytes, Member>store(GuildStores.MEMBERS)
                .range(Keys.pair(guildId, after + 1), Keys.last(guildId))) {
            while (all.hasNext() && page.size() < limit) page.add(all.next().value);
        }
        return page;
    }

    /** Up to {@code limit} presences of the guild's online members. */
    private static List<PresenceUpdate> presences(KeyRouter.Task task, long guildId, int limit) {
        List<PresenceUpdate> online = new ArrayList<>();
        try (KeyValueIterator<Bytes, PresenceUpdate> all = task.<Bytes, PresenceUpdate>store(GuildStores.PRESENCES)
                .range(Keys.first(guildId), Keys.last(guildId))) {
            while (all.hasNext() && online.size() < limit) online.add(all.next().value);
        }
        return online;
    }

    private static List<Member> search(HttpServerExchange exchange, KeyRouter.Task task, long guildId) {
        ReadOnlyKeyValueStore<Bytes, Member> members = task.store(GuildStores.MEMBERS);
        String ids = Answers.text(exchange, "user_ids");
        if (ids != null && !ids.isBlank()) {
            List<Member> found = new ArrayList<>();
            for (String id : ids.split(",")) {
                Member member = members.get(Keys.pair(guildId, parse(id)));
                if (member != null) found.add(member);
            }
            return found;
        }
        String query = Answers.text(exchange, "query");
        String prefix = query == null ? "" : query.toLowerCase(Locale.ROOT);
        int limit = Answers.number(exchange, "limit", 0, 0, Integer.MAX_VALUE);
        List<Member> found = new ArrayList<>();
        try (KeyValueIterator<Bytes, Member> all = members.range(Keys.first(guildId), Keys.last(guildId))) {
            while (all.hasNext() && (limit == 0 || found.size() < limit)) {
                Member member = all.next().value;
                if (matches(member, prefix)) found.add(member);
            }
        }
        return found;
    }

    private static boolean matches(Member member, String prefix) {
        if (prefix.isEmpty()) return true;
        return Arrays.asList(member.user().username(), member.user().globalName(), member.nick()).stream()
                .anyMatch(name -> name != null && name.toLowerCase(Locale.ROOT).startsWith(prefix));
    }

    private static List<Message> messages(KeyRouter.Task task, long channelId, int limit, long before, long after) {
        ReadOnlyKeyValueStore<Bytes, Message> history = task.store(GuildStores.MESSAGES);
        List<Message> page = new ArrayList<>();
        if (after > 0) {
            try (KeyValueIterator<Bytes, Message> newer = history.range(Keys.pair(channelId, after + 1), Keys.last(channelId))) {
                while (newer.hasNext() && page.size() < limit) page.add(newer.next().value);
            }
            Collections.reverse(page);
        } else {
            Bytes upper = before > 0 ? Keys.pair(channelId, before - 1) : Keys.last(channelId);
            try (KeyValueIterator<Bytes, Message> older = history.reverseRange(Keys.first(channelId), upper)) {
                while (older.hasNext() && page.size() < limit) {
                    KeyValue<Bytes, Message> next = older.next();
                    page.add(next.value);
                }
            }
        }
        return page;
    }

    private static long parse(String id) {
        try {
            return Long.parseLong(id.strip());
        } catch (NumberFormatException e) {
            throw new Answers.BadQueryException("user_ids must be snowflake ids, got '" + id + "'");
        }
    }
}
