package dev.parley.gateway.auth;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.OptionalLong;

/**
 * Discord-shaped bearer tokens, {@code base64(user_id).base64(issued_at).signature}, signed with HMAC-SHA256 over
 * the first two parts with a configured secret. Verification needs no lookup: a token is valid when its
 * signature matches under the current secret, so changing the secret revokes every token.
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

    /** A token for {@code userId}, issued at {@code issuedAtSeconds} (seconds since the epoch). */
    public String mint(long userId, long issuedAtSeconds) {
        String body = ENCODER.encodeToString(Long.toString(userId).getBytes(StandardCharsets.US_ASCII)) + "."
                + ENCODER.encodeToString(ByteBuffer.allocate(Long.BYTES).putLong(issuedAtSeconds).array());
        return body + "." + ENCODER.encodeToString(sign(body));
    }

    /** The user id a genuine token names; empty for a malformed, forged or revoked (other secret) token. */
    public OptionalLong verify(String token) {
        if (token == null || token.length() > MAX_LENGTH) return OptionalLong.empty();
        int first = token.indexOf('.');
        int second = token.indexOf('.', first + 1);
        if (first <= 0 || second <= first + 1 || second == token.length() - 1 || token.indexOf('.', second + 1) >= 0) {
            return OptionalLong.empty();
        }
        try {
            byte[] signature = DECODER.decode(token.substring(second + 1));
            if (!MessageDigest.isEqual(signature, sign(token.substring(0, second)))) return OptionalLong.empty();
            return OptionalLong.of(Long.parseLong(new String(DECODER.decode(token.substring(0, first)),
                    StandardCharsets.US_ASCII)));
        } catch (IllegalArgumentException e) {
            return OptionalLong.empty();
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
