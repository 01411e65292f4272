package dev.parley.schemas;

import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import org.apache.kafka.common.serialization.Serde;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TopicSchemasTest {
    private static final SchemaRegistry REGISTRY = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12,
            builder -> builder.schemaIdResolvers(ids -> ids.mapPrefix("https://parley.dev/schemas/", "classpath:schemas/")));

    @Test
    void shouldRoundTripAndValidateASampleOfEveryEventType() {
        for (Topic<?, ?> topic : Topics.ALL) {
            List<?> samples = Samples.BY_TOPIC.get(topic);
            assertNotNull(samples, "no samples for topic " + topic.name());
            Schema schema = schemaOf(topic);
            for (Object sample : samples) {
                roundTrip(topic, schema, sample);
            }
        }
    }

    @Test
    void shouldHaveASampleForEverySubtypeOfEveryTopicValue() {
        for (Topic<?, ?> topic : Topics.ALL) {
            if (!(topic.valueSerde() instanceof dev.parley.schemas.json.JsonSerde<?>)) continue; // raw bytes: any value
            Class<?> valueType = ((dev.parley.schemas.json.JsonSerde<?>) topic.valueSerde()).type();
            Set<Class<?>> expected = valueType.isSealed()
                    ? new HashSet<>(Arrays.asList(valueType.getPermittedSubclasses()))
                    : Set.of(valueType);
            Set<Class<?>> sampled = Samples.BY_TOPIC.get(topic).stream().map(Object::getClass).collect(Collectors.toSet());
            assertEquals(expected, sampled, "samples of " + topic.name());
        }
    }

    @Test
    void shouldRejectARecordTheSchemaDoesNotAllow() {
        Schema schema = schemaOf(Topics.GUILD_COMMANDS);
        String missingActor = "{\"type\":\"CREATE_GUILD\",\"request_id\":\"r\",\"reply_to\":null,\"guild_id\":\"1\",\"name\":\"x\"}";
        assertFalse(schema.validate(missingActor, InputFormat.JSON).isEmpty());
        String numericId = missingActor.replace("\"guild_id\":\"1\"", "\"guild_id\":1");
        assertFalse(schema.validate(numericId, InputFormat.JSON).isEmpty());
    }

    @SuppressWarnings("unchecked")
    private static <V> void roundTrip(Topic<?, V> topic, Schema schema, Object sample) {
        Serde<V> serde = topic.valueSerde();
        byte[] bytes = serde.serializer().serialize(topic.name(), (V) sample);
        if (sample instanceof byte[] raw) { // a topic of raw records (dead letters): kept byte for byte, never parsed
            assertTrue(Arrays.equals(raw, (byte[]) serde.deserializer().deserialize(topic.name(), bytes)), topic.name());
            return;
        }
        String json = new String(bytes, StandardCharsets.UTF_8);
        var errors = schema.validate(json, InputFormat.JSON);
        assertTrue(errors.isEmpty(), topic.name() + ": " + json + " violates its schema: " + errors);
        assertEquals(sample, serde.deserializer().deserialize(topic.name(), bytes), "round trip through " + topic.name());
    }

    private static Schema schemaOf(Topic<?, ?> topic) {
        return REGISTRY.getSchema(SchemaLocation.of("https://parley.dev/" + topic.schemaFile()));
    }
}
