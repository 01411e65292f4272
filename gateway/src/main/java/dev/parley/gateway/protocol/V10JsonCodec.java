package dev.parley.gateway.protocol;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.schemas.json.Json;
import dev.parley.schemas.session.Activity;
import dev.parley.schemas.session.ClientProperties;
import dev.parley.schemas.session.Presence;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Discord Gateway v10 in JSON: decodes what clients send into {@link ClientCommand}s and writes what the server
 * sends. Dispatch frames are assembled from an already serialized {@code d}, so one event's payload is written
 * once whatever the number of sessions, and only the sequence number differs between them.
 *
 * <p>Stateless and thread-safe.
 */
public final class V10JsonCodec {
    private static final byte[] HEARTBEAT_ACK = ascii("{\"op\":11,\"d\":null,\"s\":null,\"t\":null}");
    private static final byte[] HEARTBEAT_REQUEST = ascii("{\"op\":1,\"d\":null,\"s\":null,\"t\":null}");
    private static final byte[] RECONNECT = ascii("{\"op\":7,\"d\":null,\"s\":null,\"t\":null}");
    private static final byte[] INVALID_SESSION_RESUMABLE = ascii("{\"op\":9,\"d\":true,\"s\":null,\"t\":null}");
    private static final byte[] INVALID_SESSION = ascii("{\"op\":9,\"d\":false,\"s\":null,\"t\":null}");
    private static final int NONCE_MAX_BYTES = 32;

    private V10JsonCodec() {
    }

    /**
     * Decodes one client payload.
     *
     * @throws DecodeException with 4001 for an opcode clients may not send, 4002 for anything malformed
     */
    public static ClientCommand decode(byte[] json, int length) throws DecodeException {
        JsonNode root;
        try {
            root = Json.MAPPER.readTree(json, 0, length);
        } catch (IOException e) {
            throw decodeError("payload is not JSON");
        }
        if (root == null || !root.isObject()) throw decodeError("payload must be a JSON object");
        JsonNode op = root.get("op");
        if (op == null || !op.canConvertToInt() || !op.isIntegralNumber()) throw decodeError("'op' must be an integer");
        JsonNode d = root.get("d");
        return switch (op.intValue()) {
            case Opcode.HEARTBEAT -> heartbeat(d);
            case Opcode.IDENTIFY -> identify(object(d, "d"));
            case Opcode.PRESENCE_UPDATE -> new ClientCommand.PresenceUpdate(presence(object(d, "d")));
            case Opcode.VOICE_STATE_UPDATE -> new ClientCommand.VoiceStateUpdate(
                    optionalText(object(d, "d"), "guild_id"), optionalText(d, "channel_id"));
            case Opcode.RESUME -> resume(object(d, "d"));
            case Opcode.REQUEST_GUILD_MEMBERS -> requestGuildMembers(object(d, "d"));
            default -> throw new DecodeException(CloseCode.UNKNOWN_OPCODE, "opcode " + op.intValue() + " is not a client opcode");
        };
    }

    public static byte[] hello(long heartbeatIntervalMillis) {
        return ascii("{\"op\":10,\"d\":{\"heartbeat_interval\":" + heartbeatIntervalMillis + "},\"s\":null,\"t\":null}");
    }

    public static byte[] heartbeatAck() {
        return HEARTBEAT_ACK;
    }

    /** Op 1 from the server: the client must heartbeat at once. */
    public static byte[] heartbeatRequest() {
        return HEARTBEAT_REQUEST;
    }

    public static byte[] reconnect() {
        return RECONNECT;
    }

    public static byte[] invalidSession(boolean resumable) {
        return resumable ? INVALID_SESSION_RESUMABLE : INVALID_SESSION;
    }

    /** Serializes a dispatch's {@code d} once; pass the bytes to {@link #dispatch} for every session. */
    public static byte[] payload(Object d) {
        try {
            return Json.MAPPER.writeValueAsBytes(d);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code {"t":type,"s":sequence,"op":0,"d":payload}} around an already serialized payload. */
    public static byte[] dispatch(String type, long sequence, byte[] payload) {
        byte[] head = ascii("{\"t\":\"" + type + "\",\"s\":" + sequence + ",\"op\":0,\"d\":");
        byte[] frame = new byte[head.length + payload.length + 1];
        System.arraycopy(head, 0, frame, 0, head.length);
        System.arraycopy(payload, 0, frame, head.length, payload.length);
        frame[frame.length - 1] = '}';
        return frame;
    }

    private static ClientCommand heartbeat(JsonNode d) throws DecodeException {
        if (d == null || d.isNull()) return new ClientCommand.Heartbeat(null);
        if (!d.isIntegralNumber()) throw decodeError("heartbeat 'd' must be the last sequence number or null");
        return new ClientCommand.Heartbeat(d.longValue());
    }

    private static Identify identify(JsonNode d) throws DecodeException {
        String token = requiredText(d, "token");
        JsonNode intents = d.get("intents");
        if (intents == null || !intents.isIntegralNumber()) throw decodeError("'intents' must be an integer");
        Shard shard = null;
        JsonNode shardNode = d.get("shard");
        if (shardNode != null && !shardNode.isNull()) {
            if (!shardNode.isArray() || shardNode.size() != 2 || !shardNode.get(0).isIntegralNumber()
                    || !shardNode.get(1).isIntegralNumber() || !shardNode.get(0).canConvertToInt()
                    || !shardNode.get(1).canConvertToInt()) {
                throw decodeError("'shard' must be [shard_id, num_shards]");
            }
            shard = new Shard(shardNode.get(0).intValue(), shardNode.get(1).intValue());
        }
        int largeThreshold = Identify.LARGE_THRESHOLD_DEFAULT;
        JsonNode large = d.get("large_threshold");
        if (large != null && !large.isNull()) {
            if (!large.isIntegralNumber() || !large.canConvertToInt() || large.intValue() < Identify.LARGE_THRESHOLD_MIN
                    || large.intValue() > Identify.LARGE_THRESHOLD_MAX) {
                throw decodeError("'large_threshold' must be " + Identify.LARGE_THRESHOLD_MIN + "-"
                        + Identify.LARGE_THRESHOLD_MAX);
            }
            largeThreshold = large.intValue();
        }
        JsonNode presenceNode = d.get("presence");
        Presence presence = presenceNode == null || presenceNode.isNull() ? null : presence(object(presenceNode, "presence"));
        JsonNode props = object(d.get("properties"), "properties");
        ClientProperties properties = new ClientProperties(optionalText(props, "os"), optionalText(props, "browser"),
                optionalText(props, "device"));
        JsonNode compress = d.get("compress");
        return new Identify(token, intents.longValue(), shard, largeThreshold, presence, properties,
                compress != null && compress.asBoolean(false));
    }

    private static Resume resume(JsonNode d) throws DecodeException {
        JsonNode seq = d.get("seq");
        if (seq == null || !seq.isIntegralNumber()) throw decodeError("'seq' must be an integer");
        return new Resume(requiredText(d, "token"), requiredText(d, "session_id"), seq.longValue());
    }

    private static RequestGuildMembers requestGuildMembers(JsonNode d) throws DecodeException {
        long guildId = snowflake(d.get("guild_id"), "guild_id");
        String query = optionalText(d, "query");
        JsonNode limit = d.get("limit");
        if (limit != null && !limit.isNull() && (!limit.isIntegralNumber() || !limit.canConvertToInt() || limit.intValue() < 0)) {
            throw decodeError("'limit' must be a non-negative integer");
        }
        List<Long> userIds = new ArrayList<>();
        JsonNode ids = d.get("user_ids");
        if (ids != null && !ids.isNull()) {
            if (ids.isArray()) {
                for (JsonNode id : ids) userIds.add(snowflake(id, "user_ids"));
            } else {
                userIds.add(snowflake(ids, "user_ids"));
            }
        }
        if (query == null && userIds.isEmpty()) throw decodeError("one of 'query' or 'user_ids' is required");
        String nonce = optionalText(d, "nonce");
        if (nonce != null && nonce.getBytes(StandardCharsets.UTF_8).length > NONCE_MAX_BYTES) {
            throw decodeError("'nonce' may be at most " + NONCE_MAX_BYTES + " bytes");
        }
        return new RequestGuildMembers(guildId, query == null ? "" : query, limit == null ? 0 : limit.intValue(),
                d.path("presences").asBoolean(false), userIds, nonce);
    }

    private static Presence presence(JsonNode d) throws DecodeException {
        String status = requiredText(d, "status");
        if (!Presence.STATUSES.contains(status)) throw decodeError("'status' must be one of " + Presence.STATUSES);
        List<Activity> activities = new ArrayList<>();
        JsonNode list = d.get("activities");
        if (list != null && !list.isNull()) {
            if (!list.isArray()) throw decodeError("'activities' must be an array");
            for (JsonNode a : list) {
                JsonNode type = a.get("type");
                activities.add(new Activity(requiredText(a, "name"), type == null ? 0 : type.asInt(0),
                        optionalText(a, "state"), optionalText(a, "url")));
            }
        }
        JsonNode since = d.get("since");
        return new Presence(status, activities, d.path("afk").asBoolean(false),
                since == null || since.isNull() ? null : since.asLong());
    }

    private static JsonNode object(JsonNode node, String name) throws DecodeException {
        if (node == null || !node.isObject()) throw decodeError("'" + name + "' must be an object");
        return node;
    }

    private static String requiredText(JsonNode d, String field) throws DecodeException {
        JsonNode value = d.get(field);
        if (value == null || !value.isTextual()) throw decodeError("'" + field + "' must be a string");
        return value.textValue();
    }

    private static String optionalText(JsonNode d, String field) throws DecodeException {
        JsonNode value = d == null ? null : d.get(field);
        if (value == null || value.isNull()) return null;
        if (!value.isTextual()) throw decodeError("'" + field + "' must be a string");
        return value.textValue();
    }

    private static long snowflake(JsonNode value, String field) throws DecodeException {
        if (value != null && value.isIntegralNumber()) return value.longValue();
        if (value != null && value.isTextual()) {
            try {
                return Long.parseUnsignedLong(value.textValue());
            } catch (NumberFormatException e) {
                throw decodeError("'" + field + "' must be a snowflake");
            }
        }
        throw decodeError("'" + field + "' must be a snowflake");
    }

    private static DecodeException decodeError(String message) {
        return new DecodeException(CloseCode.DECODE_ERROR, message);
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
