package dev.slipway.forge;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** How deliveries prove who sent them: an HMAC of the raw body, or the secret itself; compared in constant time. */
final class Signatures {
    private Signatures() {}

    /** Lower-case hex HMAC-SHA256 of {@code body} keyed with {@code secret} (GitHub's and Gitea's signature). */
    static String hmacSha256Hex(String secret, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(body));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }

    /** Whether the presented hex HMAC is the body's: case-insensitive hex, no timing hint of where they differ. */
    static boolean hmacMatches(String secret, byte[] body, String presentedHex) {
        if (presentedHex == null) {
            return false;
        }
        return same(hmacSha256Hex(secret, body), presentedHex.strip().toLowerCase(java.util.Locale.ROOT));
    }

    /** Constant time in the content (MessageDigest.isEqual); a length mismatch says only that. */
    static boolean same(String expected, String presented) {
        return presented != null && MessageDigest.isEqual(expected.getBytes(StandardCharsets.UTF_8),
                presented.getBytes(StandardCharsets.UTF_8));
    }
}
