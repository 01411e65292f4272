package dev.parley.gateway.auth;

import dev.parley.config.Settings;
import dev.parley.gateway.protocol.Intents;
import org.junit.jupiter.api.Test;

import java.util.OptionalLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TokensTest {
    private final Tokens tokens = new Tokens("a-secret-of-sufficient-length");

    @Test
    void shouldVerifyATokenItMintedAndNameItsUser() {
        String token = tokens.mint(1576036787720028160L, 1_764_000_000L);
        assertEquals(OptionalLong.of(1576036787720028160L), tokens.verify(token));
    }

    @Test
    void shouldRefuseForgedMalformedAndRevokedTokens() {
        String token = tokens.mint(42, 1_764_000_000L);
        String[] parts = token.split("\\.");
        String otherUser = tokens.mint(43, 1_764_000_000L).split("\\.")[0];
        assertTrue(tokens.verify(otherUser + "." + parts[1] + "." + parts[2]).isEmpty(), "swapped user id");
        assertTrue(tokens.verify(parts[0] + "." + parts[1]).isEmpty());
        assertTrue(tokens.verify(token + ".x").isEmpty());
        assertTrue(tokens.verify("").isEmpty());
        assertTrue(tokens.verify("...").isEmpty());
        assertTrue(tokens.verify(null).isEmpty());
        assertTrue(tokens.verify("a.b.%%%").isEmpty());
        assertTrue(new Tokens("another-secret-of-enough-length").verify(token).isEmpty(), "secret changed");
        assertThrows(IllegalArgumentException.class, () -> new Tokens("short"));
    }

    @Test
    void shouldGrantPrivilegedIntentsByKindOfUserAndByConfiguredGrant() {
        IntentGrants grants = IntentGrants.from(Settings.defaults()
                .with(AuthSettings.PRIVILEGED_INTENTS_BOTS, "GUILD_MEMBERS")
                .with(AuthSettings.PRIVILEGED_INTENTS_GRANTS, "7=MESSAGE_CONTENT+GUILD_PRESENCES"));
        long all = Intents.PRIVILEGED | Intents.GUILDS;
        assertEquals(Intents.GUILD_PRESENCES | Intents.MESSAGE_CONTENT, grants.refused(1, true, all));
        assertEquals(0, grants.refused(7, true, all));
        assertEquals(0, grants.refused(1, false, all), "humans get all by default");
    }
}
