package dev.parley.gateway.protocol;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.schemas.json.Json;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

class V10JsonCodecTest {

    @Test
    void shouldSpliceTheSequenceNumberAroundAPayloadSerializedOnce() throws Exception {
        byte[] payload = V10JsonCodec.payload(java.util.Map.of("content", "hi \"there\""));
        JsonNode first = Json.MAPPER.readTree(V10JsonCodec.dispatch("MESSAGE_CREATE", 7, payload));
        JsonNode second = Json.MAPPER.readTree(V10JsonCodec.dispatch("MESSAGE_CREATE", 8, payload));
        assertEquals(0, first.get("op").asInt());
        assertEquals("MESSAGE_CREATE", first.get("t").asText());
        assertEquals(7, first.get("s").asLong());
        assertEquals(8, second.get("s").asLong());
        assertEquals("hi \"there\"", second.get("d").get("content").asText());
    }

    @Test
    void shouldDecodeIdentifyWithShardPresenceAndProperties() throws Exception {
        ClientCommand command = decode("{\"op\":2,\"d\":{\"token\":\"t\",\"intents\":513,\"shard\":[1,4],"
                + "\"large_threshold\":100,\"presence\":{\"status\":\"idle\",\"since\":5,\"activities\":[{\"name\":\"x\",\"type\":0}],"
                + "\"afk\":true},\"properties\":{\"os\":\"linux\",\"browser\":\"discord.js\",\"device\":\"discord.js\"}}}");
        Identify identify = assertInstanceOf(Identify.class, command);
        assertEquals(513, identify.intents());
        assertEquals(new Shard(1, 4), identify.shard());
        assertEquals(100, identify.largeThreshold());
        assertEquals("idle", identify.presence().status());
        assertEquals("x", identify.presence().activities().get(0).name());
        assertEquals("discord.js", identify.properties().browser());
    }

    @Test
    void shouldDecodeHeartbeatsWithAndWithoutASequence() throws Exception {
        assertNull(((ClientCommand.Heartbeat) decode("{\"op\":1,\"d\":null}")).lastSequence());
        assertEquals(42L, ((ClientCommand.Heartbeat) decode("{\"op\":1,\"d\":42}")).lastSequence());
    }

    @Test
    void shouldRefuseMalformedPayloadsWith4002AndUnknownOpcodesWith4001() {
        assertCode(CloseCode.DECODE_ERROR, "{");
        assertCode(CloseCode.DECODE_ERROR, "[]");
        assertCode(CloseCode.DECODE_ERROR, "{\"op\":\"2\"}");
        assertCode(CloseCode.DECODE_ERROR, "{\"op\":2,\"d\":{\"token\":\"t\",\"intents\":1}}");
        assertCode(CloseCode.DECODE_ERROR, "{\"op\":2,\"d\":{\"token\":\"t\",\"intents\":1,\"properties\":{},\"large_threshold\":251}}");
        assertCode(CloseCode.DECODE_ERROR, "{\"op\":2,\"d\":{\"token\":\"t\",\"intents\":1,\"properties\":{},\"shard\":[1]}}");
        assertCode(CloseCode.DECODE_ERROR, "{\"op\":3,\"d\":{\"status\":\"sleeping\"}}");
        assertCode(CloseCode.DECODE_ERROR, "{\"op\":6,\"d\":{\"token\":\"t\",\"session_id\":\"s\"}}");
        assertCode(CloseCode.DECODE_ERROR, "{\"op\":8,\"d\":{\"guild_id\":\"1\",\"query\":\"\",\"nonce\":\"" + "n".repeat(33) + "\"}}");
        assertCode(CloseCode.UNKNOWN_OPCODE, "{\"op\":0,\"d\":null}");
        assertCode(CloseCode.UNKNOWN_OPCODE, "{\"op\":99,\"d\":null}");
    }

    @Test
    void shouldDecodeRequestGuildMembersByQueryOrIds() throws Exception {
        RequestGuildMembers byQuery = (RequestGuildMembers) decode(
                "{\"op\":8,\"d\":{\"guild_id\":\"41771983423143937\",\"query\":\"ab\",\"limit\":10,\"nonce\":\"n1\"}}");
        assertEquals(41771983423143937L, byQuery.guildId());
        assertEquals("ab", byQuery.query());
        assertEquals(10, byQuery.limit());
        RequestGuildMembers byIds = (RequestGuildMembers) decode(
                "{\"op\":8,\"d\":{\"guild_id\":\"1\",\"user_ids\":[\"2\",\"3\"],\"presences\":true}}");
        assertEquals(java.util.List.of(2L, 3L), byIds.userIds());
    }

    private static ClientCommand decode(String json) throws DecodeException {
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        return V10JsonCodec.decode(bytes, bytes.length);
    }

    private static void assertCode(CloseCode expected, String json) {
        DecodeException e = assertThrows(DecodeException.class, () -> decode(json), json);
        assertEquals(expected, e.closeCode(), json + ": " + e.getMessage());
    }
}
