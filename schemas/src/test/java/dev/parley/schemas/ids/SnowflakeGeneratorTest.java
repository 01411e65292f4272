package dev.parley.schemas.ids;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SnowflakeGeneratorTest {

    @Test
    void shouldEncodeTimeWorkerAndProcessAsDiscordDoes() {
        long id = Snowflake.of(1_700_000_000_000L, 3, 5, 7);
        assertEquals(Instant.ofEpochMilli(1_700_000_000_000L), Snowflake.timestamp(id));
        assertEquals(3, Snowflake.worker(id));
        assertEquals(5, Snowflake.process(id));
        assertEquals(7, id & 0xFFF);
        // Discord's documented example: 175928847299117063 was created 2016-04-30T11:18:25.796Z.
        assertEquals(Instant.parse("2016-04-30T11:18:25.796Z"), Snowflake.timestamp(175928847299117063L));
    }

    @Test
    void shouldStayStrictlyIncreasingWhenTheClockStandsStillOrStepsBack() {
        AtomicLong clock = new AtomicLong(1_700_000_000_000L);
        SnowflakeGenerator generator = new SnowflakeGenerator(1, 2, clock::get);
        long previous = generator.next();
        for (int i = 0; i < 10_000; i++) {
            if (i == 5000) clock.addAndGet(-60_000);
            long next = generator.next();
            assertTrue(next > previous, "id " + i + " did not increase");
            assertEquals(1, Snowflake.worker(next));
            assertEquals(2, Snowflake.process(next));
            previous = next;
        }
    }

    @Test
    void shouldSkipPastAnIdMadeEarlierWithAClockThatRanAhead() {
        AtomicLong clock = new AtomicLong(1_700_000_000_000L);
        SnowflakeGenerator ahead = SnowflakeGenerator.forPartition(7, () -> clock.get() + 5_000);
        long issued = ahead.next();
        SnowflakeGenerator behind = SnowflakeGenerator.forPartition(7, clock::get);
        behind.skipPast(issued);
        assertTrue(behind.next() > issued);
        assertEquals(Snowflake.FIRST_APP_WORKER, Snowflake.worker(issued));
        assertEquals(7, Snowflake.process(issued));
    }
}
