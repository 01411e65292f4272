package dev.parley.gateway.protocol;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ShardAndIntentsTest {

    @Test
    void shouldHoldOnlyGuildsWhoseTimestampBitsFallInTheShard() {
        Shard first = new Shard(0, 2);
        Shard second = new Shard(1, 2);
        long even = 4L << 22;
        long odd = (5L << 22) | 12345;
        assertTrue(first.holds(even) && !second.holds(even));
        assertTrue(second.holds(odd) && !first.holds(odd));
        assertTrue(Shard.ONLY.holds(odd) && Shard.ONLY.holds(even));
    }

    @Test
    void shouldValidateShards() {
        assertTrue(new Shard(3, 4).isValid());
        assertFalse(new Shard(4, 4).isValid());
        assertFalse(new Shard(-1, 4).isValid());
        assertFalse(new Shard(0, 0).isValid());
    }

    @Test
    void shouldParseIntentNamesAndRefuseUnknownOnes() {
        assertEquals(Intents.GUILD_MEMBERS | Intents.MESSAGE_CONTENT, Intents.parse("guild_members, MESSAGE_CONTENT"));
        assertEquals(Intents.DEFINED, Intents.parse("all"));
        assertEquals(0, Intents.parse(""));
        assertThrows(IllegalArgumentException.class, () -> Intents.parse("EVERYTHING"));
        assertThrows(IllegalArgumentException.class, () -> Intents.parse("PRIVILEGED"));
    }

    @Test
    void shouldEndTheSessionOnlyForCodesDiscordDocumentsAsNotResumable() {
        assertFalse(CloseCode.SESSION_TIMED_OUT.resumable());
        assertFalse(CloseCode.INVALID_SEQ.resumable());
        assertTrue(CloseCode.RATE_LIMITED.resumable() && CloseCode.RATE_LIMITED.reconnect());
        for (CloseCode terminal : new CloseCode[]{CloseCode.AUTHENTICATION_FAILED, CloseCode.INVALID_SHARD,
                CloseCode.SHARDING_REQUIRED, CloseCode.INVALID_API_VERSION, CloseCode.INVALID_INTENTS,
                CloseCode.DISALLOWED_INTENTS}) {
            assertFalse(terminal.reconnect(), terminal.name());
        }
        assertTrue(CloseCode.clientCloseEndsSession(1000) && CloseCode.clientCloseEndsSession(1001));
        assertFalse(CloseCode.clientCloseEndsSession(4000));
    }
}
