package dev.parley.schemas.ids;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
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
    void shouldNameTheGuildPartitionAndTheGatewayInGuildObjectIds() {
        AtomicLong clock = new AtomicLong(1_700_000_000_000L);
        GuildObjectIdGenerator gateway3 = new GuildObjectIdGenerator(3, clock::get);
        GuildObjectIdGenerator gateway4 = new GuildObjectIdGenerator(4, clock::get);
        long a = gateway3.next(300);
        long b = gateway4.next(300);
        assertEquals(300, Snowflake.appPartition(a));
        assertEquals(300, Snowflake.appPartition(b));
        assertNotEquals(a, b, "two gateways in the same millisecond and partition");
        assertEquals(3, (a & 0xFFF) >> GuildObjectIdGenerator.COUNT_BITS);
        assertEquals(Instant.ofEpochMilli(clock.get()), Snowflake.timestamp(a));
    }

    @Test
    void shouldKeepGuildObjectIdsUniqueAndIncreasingPastTheCountOfAMillisecond() {
        AtomicLong clock = new AtomicLong(1_700_000_000_000L);
        GuildObjectIdGenerator generator = new GuildObjectIdGenerator(15, clock::get);
        Set<Long> seen = new HashSet<>();
        long previous = 0;
        for (int i = 0; i < 5_000; i++) {
            if (i == 2_000) clock.addAndGet(-60_000);
            long next = generator.next(i % 12);
            assertTrue(seen.add(next), "id " + i + " repeated");
            assertTrue((next >>> 22) >= (previous >>> 22), "time went back at id " + i);
            assertEquals(i % 12, Snowflake.appPartition(next));
            previous = next;
        }
    }
}
