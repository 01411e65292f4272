package dev.parley.gateway.rest;

import com.code_intelligence.jazzer.junit.DictionaryEntries;
import com.code_intelligence.jazzer.junit.FuzzTest;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.schemas.json.Json;
import dev.parley.schemas.user.Usernames;

import java.util.function.Function;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Fuzzes what a REST request body goes through before anything is sent to Kafka: {@link JsonBody#parse}, then each
 * endpoint's reading of the fields (message post, guild create and update, channel create and update, profile update,
 * register's username) with the {@link RestSupport} field readers. The property: every body either parses into each
 * endpoint's fields, or is refused the documented way: {@link JsonBody.Malformed} (400, 50109) or
 * {@link RestSupport.BadField} (400, 50035 naming the field, an answer that can be written); never another exception,
 * never a hang. Seeds: {@code src/test/resources/.../RestBodyFuzzTestInputs/}.
 */
class RestBodyFuzzTest {
    @FuzzTest
    @DictionaryEntries({"\"content\"", "\"nonce\"", "\"tts\"", "\"name\"", "\"icon\"", "\"topic\"", "\"type\"",
            "\"parent_id\"", "\"position\"", "\"username\"", "\"global_name\"", "\"avatar\"", "\"bot\"", "null",
            "true", "false", "2147483648", "-2147483649", "9223372036854775808", "1e400", "1.5", "\"\\ud800\"",
            "\"12345678901234567890123456\"", "{}", "[]", "\"enforce_nonce\"", "\"data:image/png;base64,\"",
            "\"data:image/gif;base64,R0lGODlh\""})
    void shouldReadEveryBodyIntoItsFieldsOrAnswer400(byte[] bytes) {
        JsonNode body;
        try {
            body = JsonBody.parse(bytes);
        } catch (JsonBody.Malformed e) {
            assertNotNull(e.getMessage());
            return;
        }
        assertTrue(body.isObject());
        read(body, ChannelEndpoints.MessageFields::of);
        read(body, ChannelEndpoints.UpdateChannelFields::of);
        read(body, guild -> GuildEndpoints.GuildBodyFields.of(guild, 48 * 1024));
        read(body, GuildEndpoints.CreateChannelFields::of);
        read(body, UserEndpoints.ProfileFields::of);
        JsonNode username = body.get("username");
        Usernames.problem(username == null || !username.isTextual() ? null : username.textValue());
    }

    /** One endpoint's reading of {@code body}: its fields, or a {@link RestSupport.BadField} that answers 400. */
    private static void read(JsonNode body, Function<JsonNode, ?> fields) {
        try {
            Object read = fields.apply(body);
            assertNotNull(read);
            if (read instanceof ChannelEndpoints.MessageFields message) {
                assertNotNull(message.content());
                if (message.nonce() != null) assertTrue(message.nonce().length() <= 25, message.nonce());
                assertTrue(message.content().length() <= dev.parley.schemas.guild.Message.MAX_CONTENT, "content as stored");
            }
        } catch (RestSupport.BadField e) {
            assertNotNull(e.field);
            Answer answer = Answer.invalidField(e.field, e.getMessage());
            assertEquals(400, answer.status());
            try {
                Json.MAPPER.writeValueAsBytes(answer.body());
            } catch (JsonProcessingException unwritable) {
                throw new AssertionError("the 400 answer cannot be written", unwritable);
            }
        }
    }
}
