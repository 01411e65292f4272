package dev.parley.gateway.session;

import dev.parley.gateway.protocol.Intents;
import dev.parley.gateway.protocol.Opcode;
import dev.parley.gateway.protocol.RequestGuildMembers;
import dev.parley.gateway.protocol.V10JsonCodec;
import dev.parley.gateway.ratelimit.RateWindows;
import dev.parley.gateway.state.Lookup;
import dev.parley.schemas.guild.Guild;
import dev.parley.schemas.guild.Member;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;

/**
 * REQUEST_GUILD_MEMBERS (op 8): members of one of the session's guilds, with Discord's bounds. By name prefix
 * ({@code query}): at most {@value #QUERY_MAX} members, whatever the {@code limit}. By id ({@code user_ids}): the
 * first {@value #USER_IDS_MAX} ids are looked up, the rest ignored. The whole guild (empty {@code query}, no ids):
 * needs the GUILD_MEMBERS intent (without it the answer is one empty chunk), is allowed once per
 * {@code gateway.member-requests.whole-guild-interval} per user and guild (sooner: a RATE_LIMITED dispatch with
 * {@code retry_after} and the request's guild and nonce), and is read and sent page by page ({@link GuildListing}),
 * {@code chunk_count} from the guild's {@code member_count}; it stops once the session has ended. Answers are
 * GUILD_MEMBERS_CHUNKs of at most {@value #CHUNK} members with {@code chunk_index}, {@code chunk_count} and the
 * request's {@code nonce}. {@code presences: true} is honoured only for a session with GUILD_PRESENCES (Discord
 * treats it as false otherwise): only then do the chunks carry a {@code presences} array (empty: members' presences
 * are not read yet).
 */
final class MemberRequests {
    private static final Logger log = LoggerFactory.getLogger(MemberRequests.class);
    static final int CHUNK = 1000;
    static final int QUERY_MAX = 100;
    static final int USER_IDS_MAX = 100;

    private record WholeGuild(long userId, long guildId) {
    }

    private final GatewayContext context;

    MemberRequests(GatewayContext context) {
        this.context = context;
    }

    void answer(GatewaySession session, RequestGuildMembers request) {
        if (!context.fanout().guildsOf(session).contains(request.guildId())) return;
        List<Long> ids = request.userIds().size() > USER_IDS_MAX ? request.userIds().subList(0, USER_IDS_MAX)
                : request.userIds();
        if (ids.isEmpty() && request.query().isEmpty()) {
            wholeGuild(session, request);
            return;
        }
        int limit = ids.isEmpty() ? (request.limit() == 0 ? QUERY_MAX : Math.min(request.limit(), QUERY_MAX)) : ids.size();
        context.state().memberSearch(request.guildId(), session.user().id(), request.query(), limit, ids)
                .whenComplete((lookup, error) -> {
                    if (error != null) {
                        log.warn("member request for guild {} failed: {}", request.guildId(), error.getMessage());
                        return;
                    }
                    List<Member> members = lookup instanceof Lookup.Found<List<Member>> found ? found.value() : List.of();
                    send(session, request, ids, 0, 1, members);
                });
    }

    private void wholeGuild(GatewaySession session, RequestGuildMembers request) {
        if ((session.intents() & Intents.GUILD_MEMBERS) == 0) {
            send(session, request, List.of(), 0, 1, List.of());
            return;
        }
        Admission admission = context.admission();
        RateWindows.Verdict verdict = admission.windows().take(new WholeGuild(session.user().id(), request.guildId()),
                admission.wholeGuildRequests());
        if (!verdict.allowed()) {
            context.metrics().refused("member_requests");
            session.dispatch("RATE_LIMITED", V10JsonCodec.payload(rateLimited(request,
                    verdict.resetAfterMillis(admission.windows().now()))));
            return;
        }
        long viewer = session.user().id();
        context.state().guild(request.guildId(), viewer).thenCompose(lookup -> {
            if (!(lookup instanceof Lookup.Found<Guild> found)) {
                send(session, request, List.of(), 0, 1, List.of());
                return CompletableFuture.completedFuture(null);
            }
            return GuildListing.run(found.value().memberCount(), request.limit(), CHUNK,
                    (after, limit) -> context.state().members(request.guildId(), viewer, limit, after)
                            .thenApply(page -> page instanceof Lookup.Found<List<Member>> members ? members.value() : List.of()),
                    (index, count, members) -> send(session, request, List.of(), index, count, members),
                    session::isEnded);
        }).whenComplete((done, error) -> {
            if (error != null) log.warn("listing guild {} failed: {}", request.guildId(), error.getMessage());
        });
    }

    /** Discord's RATE_LIMITED: {@code {"opcode": 8, "retry_after": seconds, "meta": {"guild_id", "nonce"}}}. */
    private static Map<String, Object> rateLimited(RequestGuildMembers request, long retryAfterMillis) {
        Map<String, Object> meta = new LinkedHashMap<>();
        meta.put("guild_id", Long.toString(request.guildId()));
        if (request.nonce() != null) meta.put("nonce", request.nonce());
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("opcode", Opcode.REQUEST_GUILD_MEMBERS);
        d.put("retry_after", retryAfterMillis / 1000.0);
        d.put("meta", meta);
        return d;
    }

    private static void send(GatewaySession session, RequestGuildMembers request, List<Long> ids, int index, int count,
                             List<Member> members) {
        Map<String, Object> chunk = new LinkedHashMap<>();
        chunk.put("guild_id", Long.toString(request.guildId()));
        chunk.put("members", members);
        chunk.put("chunk_index", index);
        chunk.put("chunk_count", count);
        if (!ids.isEmpty()) {
            Set<Long> found = members.stream().map(m -> m.user().id()).collect(Collectors.toSet());
            chunk.put("not_found", ids.stream().filter(id -> !found.contains(id)).map(String::valueOf).toList());
        } else if (!request.userIds().isEmpty()) {
            chunk.put("not_found", new ArrayList<>());
        }
        if (request.presences() && (session.intents() & Intents.GUILD_PRESENCES) != 0) chunk.put("presences", List.of());
        if (request.nonce() != null) chunk.put("nonce", request.nonce());
        session.dispatch("GUILD_MEMBERS_CHUNK", V10JsonCodec.payload(chunk));
    }
}
