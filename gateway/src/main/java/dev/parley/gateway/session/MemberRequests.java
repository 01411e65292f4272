package dev.parley.gateway.session;

import dev.parley.gateway.protocol.Intents;
import dev.parley.gateway.protocol.RequestGuildMembers;
import dev.parley.gateway.protocol.V10JsonCodec;
import dev.parley.gateway.state.Lookup;
import dev.parley.schemas.guild.Member;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * REQUEST_GUILD_MEMBERS (op 8): members of one of the session's guilds by name prefix or by id, answered by
 * GUILD_MEMBERS_CHUNK dispatches of at most {@value #CHUNK} members with {@code chunk_index}, {@code chunk_count}
 * and the request's {@code nonce}. Listing the whole guild (empty query) needs the GUILD_MEMBERS intent; without
 * it the answer is one empty chunk. A query without a limit returns at most {@value #QUERY_MAX} members, as Discord.
 * {@code presences: true} is honoured only for a session with GUILD_PRESENCES (Discord treats it as false otherwise):
 * only then do the chunks carry a {@code presences} array (empty: members' presences are not read yet).
 */
final class MemberRequests {
    private static final Logger log = LoggerFactory.getLogger(MemberRequests.class);
    static final int CHUNK = 1000;
    static final int QUERY_MAX = 100;

    private final GatewayContext context;

    MemberRequests(GatewayContext context) {
        this.context = context;
    }

    void answer(GatewaySession session, RequestGuildMembers request) {
        if (!context.fanout().guildsOf(session).contains(request.guildId())) return;
        boolean everyone = request.userIds().isEmpty() && request.query().isEmpty();
        if (everyone && (session.intents() & Intents.GUILD_MEMBERS) == 0) {
            send(session, request, List.of());
            return;
        }
        int limit = request.userIds().isEmpty() && !request.query().isEmpty()
                ? (request.limit() == 0 ? QUERY_MAX : Math.min(request.limit(), QUERY_MAX)) : request.limit();
        context.state().memberSearch(request.guildId(), session.user().id(), request.query(), limit, request.userIds())
                .whenComplete((lookup, error) -> {
                    if (error != null) {
                        log.warn("member request for guild {} failed: {}", request.guildId(), error.getMessage());
                        return;
                    }
                    send(session, request, lookup instanceof Lookup.Found<List<Member>> found ? found.value() : List.of());
                });
    }

    private static void send(GatewaySession session, RequestGuildMembers request, List<Member> members) {
        int chunks = Math.max(1, (members.size() + CHUNK - 1) / CHUNK);
        Set<Long> found = members.stream().map(m -> m.user().id()).collect(Collectors.toSet());
        List<String> notFound = request.userIds().stream().filter(id -> !found.contains(id)).map(String::valueOf).toList();
        for (int i = 0; i < chunks; i++) {
            Map<String, Object> chunk = new LinkedHashMap<>();
            chunk.put("guild_id", Long.toString(request.guildId()));
            chunk.put("members", members.subList(i * CHUNK, Math.min(members.size(), (i + 1) * CHUNK)));
            chunk.put("chunk_index", i);
            chunk.put("chunk_count", chunks);
            if (!request.userIds().isEmpty()) chunk.put("not_found", i == 0 ? notFound : new ArrayList<>());
            if (request.presences() && (session.intents() & Intents.GUILD_PRESENCES) != 0) chunk.put("presences", List.of());
            if (request.nonce() != null) chunk.put("nonce", request.nonce());
            session.dispatch("GUILD_MEMBERS_CHUNK", V10JsonCodec.payload(chunk));
        }
    }
}
