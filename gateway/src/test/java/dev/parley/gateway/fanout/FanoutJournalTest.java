package dev.parley.gateway.fanout;

import dev.parley.gateway.protocol.Shard;
import dev.parley.schemas.session.FanoutJournalEntry;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The fan-out's journal: one entry per poll that returned records, in routing order, with the sessions that shed. */
class FanoutJournalTest {
    private static final TopicPartition GUILD_3 = new TopicPartition("guild-events", 3);
    private static final TopicPartition USER_5 = new TopicPartition("user-events", 5);

    private final List<FanoutJournalEntry> written = new ArrayList<>();
    private final FanoutJournal journal = new FanoutJournal("gw-1", 42, written::add);

    @Test
    void shouldJournalEachPollsRangesInTheOrderTheyAreRoutedAndNumberPollsFromOne() {
        journal.routed(poll(Map.of(USER_5, new long[]{12}), GUILD_3, USER_5));
        journal.routed(new ConsumerRecords<>(Map.of(), Map.of())); // nothing read: nothing journaled
        journal.routed(poll(Map.of(GUILD_3, new long[]{420, 421, 423}), GUILD_3));
        assertEquals(List.of(
                new FanoutJournalEntry("gw-1", 42, 1, List.of(
                        new FanoutJournalEntry.Range("guild-events", 3, 0, 1),
                        new FanoutJournalEntry.Range("user-events", 5, 12, 13)), List.of()),
                new FanoutJournalEntry("gw-1", 42, 2, List.of(
                        new FanoutJournalEntry.Range("guild-events", 3, 420, 424)), List.of())), written);
        assertEquals(2, journal.lastPoll());
    }

    @Test
    void shouldNameTheSessionsThatShedInThePollTheyShedIn() {
        journal.shed(new TestFanoutSession("s1", 1, 0, Shard.ONLY));
        journal.shed(new TestFanoutSession("s1", 1, 0, Shard.ONLY));
        journal.shed(new TestFanoutSession("s2", 2, 0, Shard.ONLY));
        journal.routed(poll(Map.of(), GUILD_3));
        journal.routed(poll(Map.of(), GUILD_3));
        assertEquals(List.of("s1", "s2"), written.get(0).shed());
        assertEquals(List.of(), written.get(1).shed());
    }

    @Test
    void shouldRefuseARunThatIsNotAStartTime() {
        assertThrows(IllegalArgumentException.class, () -> new FanoutJournal("gw-1", 0, written::add));
    }

    /** A poll returning, per partition in {@code order}, records at the offsets given (offset 0 alone if none). */
    private static ConsumerRecords<byte[], byte[]> poll(Map<TopicPartition, long[]> offsets, TopicPartition... order) {
        Map<TopicPartition, List<ConsumerRecord<byte[], byte[]>>> records = new LinkedHashMap<>();
        for (TopicPartition partition : order) {
            List<ConsumerRecord<byte[], byte[]>> of = new ArrayList<>();
            for (long offset : offsets.getOrDefault(partition, new long[]{0})) {
                of.add(new ConsumerRecord<>(partition.topic(), partition.partition(), offset, new byte[0], new byte[0]));
            }
            records.put(partition, of);
        }
        return new ConsumerRecords<>(records, Map.of());
    }
}
