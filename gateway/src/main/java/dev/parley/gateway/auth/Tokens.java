package dev.parley.gateway.auth;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.Optional;

/**
 * Discord-shaped bearer tokens, {@code base64(user_id).base64(issued_at, generation).signature}, signed with
 * HMAC-SHA256 over the first two parts with a configured secret. The middle part holds the issue time in seconds
 * and the user's token generation, two 8-byte big-endian numbers; tokens minted before generations existed hold
 * only the time and read as generation 0.
 *
 * <p>{@link #verify} checks the signature only, without a lookup: changing the secret revokes every token, and
 * whether a genuine token's generation is still the user's is for {@link TokenGenerations} to say.
 *
 * <p>Thread-safe.
 */
public final class Tokens {
    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder DECODER = Base64.getUrlDecoder();
    private static final String ALGORITHM = "HmacSHA256";
    private static final int MAX_LENGTH = 256;

    private final SecretKeySpec key;

    /** @throws IllegalArgumentException when the secret is shorter than 16 bytes */
    public Tokens(String secret) {
        byte[] bytes = secret.getBytes(StandardCharsets.UTF_8);
        if (bytes.length < 16) throw new IllegalArgumentException("auth.token-secret must be at least 16 bytes long");
        this.key = new SecretKeySpec(bytes, ALGORITHM);
    }

    /**
     * A token for {@code userId} at token generation {@code generation} (0 or more), issued at
     * {@code issuedAtSeconds} (seconds since the epoch).
     */
    public String mint(long userId, long generation, long issuedAtSeconds) {
        if (generation < 0) throw new IllegalArgumentException("token generation must be 0 or more: " + generation);
        String body = ENCODER.encodeToString(Long.toString(userId).getBytes(StandardCharsets.US_ASCII)) + "."
                + ENCODER.encodeToString(ByteBuffer.allocate(2 * Long.BYTES).putLong(issuedAtSeconds).putLong(generation).array());
        return body + "." + ENCODER.encodeToString(sign(body));
    }

    /** What a genuine token says; empty for a malformed or forged token, or one signed with another secret. */
    public Optional<TokenClaims> verify(String token) {
        if (token == null || token.length() > MAX_LENGTH) return Optional.empty();
        int first = token.indexOf('.');
        int second = token.indexOf('.', first + 1);
        if (first <= 0 || second <= first + 1 || second == token.length() - 1 || token.indexOf('.', second + 1) >= 0) {
            return Optional.empty();
        }
        try {
            byte[] signature = DECODER.decode(token.substring(second + 1));
            if (!MessageDigest.isEqual(signature, sign(token.substring(0, second)))) return Optional.empty();
            long userId = Long.parseLong(new String(DECODER.decode(token.substring(0, first)), StandardCharsets.US_ASCII));
            ByteBuffer middle = ByteBuffer.wrap(DECODER.decode(token.substring(first + 1, second)));
            if (middle.remaining() != Long.BYTES && middle.remaining() != 2 * Long.BYTES) return Optional.empty();
            long issuedAt = middle.getLong();
            long generation = middle.hasRemaining() ? middle.getLong() : 0;
            if (generation < 0) return Optional.empty();
            return Optional.of(new TokenClaims(userId, issuedAt, generation));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private byte[] sign(String body) {
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(key);
            return mac.doFinal(body.getBytes(StandardCharsets.US_ASCII));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA256 unavailable", e);
        }
    }
}
