package dev.parley.gateway.protocol;

import com.code_intelligence.jazzer.junit.DictionaryEntries;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.parley.schemas.session.Activity;
import dev.parley.schemas.session.Presence;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Fuzzes {@link V10JsonCodec#decode}, what every WebSocket frame of a stranger goes through, with inputs up to the
 * payload limit (what {@code FrameReceiver} hands on). The property: every input either decodes into a command whose
 * fields keep the codec's promises (and which the connection's next, pure checks can read), or fails with
 * {@link DecodeException} carrying 4001 or 4002; never another exception, never a hang. The decoder also reads only
 * the {@code length} bytes it is given. Seeds: {@code src/test/resources/.../GatewayPayloadFuzzTestInputs/}.
 */
class GatewayPayloadFuzzTest {
    private static final int PAYLOAD_LIMIT = 4096;
    private static final int NONCE_MAX_BYTES = 32;

    @FuzzTest
    @DictionaryEntries({"\"op\"", "\"d\"", "\"token\"", "\"intents\"", "\"properties\"", "\"os\"", "\"browser\"",
            "\"device\"", "\"shard\"", "\"large_threshold\"", "\"presence\"", "\"compress\"", "\"status\"",
            "\"activities\"", "\"name\"", "\"type\"", "\"state\"", "\"url\"", "\"since\"", "\"afk\"", "\"online\"",
            "\"idle\"", "\"dnd\"", "\"invisible\"", "\"offline\"", "\"seq\"", "\"session_id\"", "\"guild_id\"",
            "\"channel_id\"", "\"query\"", "\"limit\"", "\"user_ids\"", "\"nonce\"", "\"presences\"", "null", "true",
            "false", "9223372036854775807", "-1", "1e400", "\"\\ud800\""})
    void shouldDecodeEveryPayloadOrRefuseItWithADecodeCloseCode(byte[] payload) {
        int length = Math.min(payload.length, PAYLOAD_LIMIT);
        Outcome whole = decode(payload, length);
        // The frame buffer is usually larger than the payload: bytes past `length` must not matter.
        byte[] padded = Arrays.copyOf(payload, length + 8);
        Arrays.fill(padded, length, padded.length, (byte) '}');
        assertEquals(whole, decode(padded, length), "decode read past the given length");
    }

    /** What one decode gave: the command's type, or the close code it refused with. */
    private record Outcome(String command, CloseCode refusal) {
    }

    private static Outcome decode(byte[] data, int length) {
        try {
            ClientCommand command = V10JsonCodec.decode(data, length);
            assertNotNull(command);
            check(command);
            return new Outcome(command.getClass().getName(), null);
        } catch (DecodeException e) {
            assertTrue(e.closeCode() == CloseCode.DECODE_ERROR || e.closeCode() == CloseCode.UNKNOWN_OPCODE,
                    "unexpected close code " + e.closeCode());
            assertNotNull(e.getMessage());
            return new Outcome(null, e.closeCode());
        }
    }

    /** The promises {@link V10JsonCodec} makes about what it decoded, and the connection's next checks on it. */
    private static void check(ClientCommand command) {
        if (command instanceof Identify identify) {
            assertNotNull(identify.token());
            assertNotNull(identify.properties());
            identify.properties().platform();
            assertTrue(identify.largeThreshold() >= Identify.LARGE_THRESHOLD_MIN
                    && identify.largeThreshold() <= Identify.LARGE_THRESHOLD_MAX);
            if (identify.shard() != null && identify.shard().isValid()) identify.shard().holds(Long.MAX_VALUE);
            if (identify.presence() != null) check(identify.presence());
        } else if (command instanceof Resume resume) {
            assertNotNull(resume.token());
            assertNotNull(resume.sessionId());
        } else if (command instanceof ClientCommand.PresenceUpdate update) {
            check(update.presence());
        } else if (command instanceof RequestGuildMembers request) {
            assertNotNull(request.query());
            assertTrue(request.limit() >= 0);
            if (request.nonce() != null) {
                assertTrue(request.nonce().getBytes(StandardCharsets.UTF_8).length <= NONCE_MAX_BYTES);
            }
        }
    }

    private static void check(Presence presence) {
        assertTrue(Presence.STATUSES.contains(presence.status()), presence.status());
        for (Activity activity : presence.activities()) assertNotNull(activity.name());
    }
}
