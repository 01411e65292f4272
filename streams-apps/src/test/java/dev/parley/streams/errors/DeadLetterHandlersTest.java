package dev.parley.streams.errors;

import dev.parley.schemas.DeadLetters;
import dev.parley.schemas.KafkaClients;
import dev.parley.schemas.Topics;
import dev.parley.schemas.guild.TriggerTyping;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.errors.ProcessingExceptionHandler;
import org.apache.kafka.streams.processor.TaskId;
import org.apache.kafka.streams.processor.api.Record;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

class DeadLetterHandlersTest {
    private final DeadLetterCounts counts = new DeadLetterCounts();
    private final Map<String, Object> config = Map.of(StreamsConfig.APPLICATION_ID_CONFIG, "p.guild-state",
            DeadLetterHandlers.TOPIC_PREFIX_CONFIG, "p.", DeadLetterCounts.CONFIG, counts,
            DeadLetterProducer.CONFIG, new DeadLetterProducer(KafkaClients.at("unused:9092"), "test"));

    @Test
    void shouldSetAsideAFailingPunctuatorWithoutARecordAndGoOn() {
        DeadLetterHandlers.Processing handler = new DeadLetterHandlers.Processing();
        handler.configure(config);
        var response = handler.handleError(new Context(null, null, -1), null, new IllegalStateException("punctuator failed"));
        assertEquals(ProcessingExceptionHandler.Result.RESUME, response.result());
        assertEquals(1, response.deadLetterQueueRecords().size(), "a dead letter, and no reply: nobody waits");
        assertEquals("p.dead-letters", response.deadLetterQueueRecords().get(0).topic());
        assertEquals(1, counts.count(DeadLetters.Stage.PROCESSING));
    }

    @Test
    void shouldAnswerTheWaitingGatewayOfACommandThatCannotBeProcessed() {
        DeadLetterHandlers.Processing handler = new DeadLetterHandlers.Processing();
        handler.configure(config);
        TriggerTyping command = new TriggerTyping("req-1", "gw-1", 5, 6, 7);
        byte[] raw = "{\"type\":\"TRIGGER_TYPING\"}".getBytes(StandardCharsets.UTF_8);
        var response = handler.handleError(new Context(new byte[8], raw, 42), new Record<>(5L, command, 0L),
                new IllegalArgumentException("bad"));
        assertEquals(2, response.deadLetterQueueRecords().size());
        var letter = response.deadLetterQueueRecords().get(0);
        assertEquals("processing", DeadLetters.header(letter.headers(), DeadLetters.STAGE));
        assertEquals("42", DeadLetters.header(letter.headers(), DeadLetters.OFFSET));
        assertEquals(Topics.COMMAND_REPLIES.withPrefix("p.").name(), response.deadLetterQueueRecords().get(1).topic());
    }

    private record Context(byte[] sourceRawKey, byte[] sourceRawValue, long offset) implements ErrorHandlerContext {
        @Override
        public String topic() {
            return offset < 0 ? null : "p.guild-commands";
        }

        @Override
        public int partition() {
            return offset < 0 ? -1 : 3;
        }

        @Override
        public Headers headers() {
            return new RecordHeaders();
        }

        @Override
        public String processorNodeId() {
            return "guild-command-processor";
        }

        @Override
        public TaskId taskId() {
            return new TaskId(0, 3);
        }

        @Override
        public long timestamp() {
            return 1_700_000_000_000L;
        }
    }
}
