package dev.parley.gateway.auth;

import dev.parley.config.Settings;
import dev.parley.gateway.protocol.Intents;
import org.junit.jupiter.api.Test;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TokensTest {
    private final Tokens tokens = new Tokens("a-secret-of-sufficient-length");

    @Test
    void shouldVerifyATokenItMintedAndNameItsUserAndGeneration() {
        String token = tokens.mint(1576036787720028160L, 3, 1_764_000_000L);
        assertEquals(Optional.of(new TokenClaims(1576036787720028160L, 1_764_000_000L, 3)), tokens.verify(token));
        assertEquals(0, tokens.verify(tokens.mint(7, 0, 1)).orElseThrow().generation());
        assertEquals(3, token.split("\\.").length, "Discord's shape: three dot-separated parts");
        assertThrows(IllegalArgumentException.class, () -> tokens.mint(7, -1, 1));
    }

    @Test
    void shouldReadATokenMintedBeforeGenerationsAsGenerationZero() throws Exception {
        Base64.Encoder base64 = Base64.getUrlEncoder().withoutPadding();
        String body = base64.encodeToString("42".getBytes(StandardCharsets.US_ASCII)) + "."
                + base64.encodeToString(ByteBuffer.allocate(8).putLong(1_764_000_000L).array());
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec("a-secret-of-sufficient-length".getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        String old = body + "." + base64.encodeToString(mac.doFinal(body.getBytes(StandardCharsets.US_ASCII)));

        assertEquals(Optional.of(new TokenClaims(42, 1_764_000_000L, 0)), tokens.verify(old));
    }

    @Test
    void shouldRefuseForgedMalformedAndRevokedTokens() {
        String token = tokens.mint(42, 1, 1_764_000_000L);
        String[] parts = token.split("\\.");
        String otherUser = tokens.mint(43, 1, 1_764_000_000L).split("\\.")[0];
        String otherGeneration = tokens.mint(42, 2, 1_764_000_000L).split("\\.")[1];
        assertTrue(tokens.verify(parts[0] + "." + otherGeneration + "." + parts[2]).isEmpty(), "swapped generation");
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
