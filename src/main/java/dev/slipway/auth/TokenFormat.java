package dev.slipway.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The shape of a token: {@code slw_<id>.<secret>}, where the id is public (lists, revoke, audit) and only the
 * SHA-256 of the secret is stored. The secret has 256 random bits, so a fast hash is enough: there is nothing to
 * guess, and a slow hash (bcrypt) would only add latency to every request and push.
 * A preset token of any other shape is keyed by its own SHA-256: id = the first 12 hex characters, hash = all of it.
 */
final class TokenFormat {
    static final int MAX_LENGTH = 256;
    static final int MIN_PRESET_LENGTH = 32;
    private static final String PREFIX = "slw_";
    private static final int ID_BYTES = 6;
    private static final int SECRET_BYTES = 32;
    private static final Pattern ID = Pattern.compile("[0-9a-f]{12}");
    private static final Pattern ISSUED = Pattern.compile("slw_([0-9a-f]{12})\\.([A-Za-z0-9_-]{43})");
    private static final HexFormat HEX = HexFormat.of();

    /** Where a presented token is looked up ({@code id}) and what its secret must hash to. */
    record Key(String id, String secretHash) {
        @Override
        public String toString() {
            return "Key[id=" + id + ", secretHash=***]";
        }
    }

    private TokenFormat() {}

    static String generate(SecureRandom random) {
        byte[] id = new byte[ID_BYTES];
        byte[] secret = new byte[SECRET_BYTES];
        random.nextBytes(id);
        random.nextBytes(secret);
        return PREFIX + HEX.formatHex(id) + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
    }

    /** The key of a token of either shape; the caller has already refused tokens over {@link #MAX_LENGTH}. */
    static Key keyOf(String token) {
        Matcher issued = ISSUED.matcher(token);
        if (issued.matches()) {
            return new Key(issued.group(1), sha256Hex(issued.group(2)));
        }
        String hash = sha256Hex(token);
        return new Key(hash.substring(0, 12), hash);
    }

    static boolean isId(String text) {
        return text != null && ID.matcher(text).matches();
    }

    /** What a preset token may be: 32..256 printable ASCII characters, no spaces (they would not survive headers). */
    static boolean isAcceptablePreset(String token) {
        return token.length() >= MIN_PRESET_LENGTH && token.length() <= MAX_LENGTH
                && token.chars().allMatch(c -> c > ' ' && c < 0x7f);
    }

    /** Equal-time comparison, so the time a refusal takes says nothing about how much of the hash matched. */
    static boolean sameHash(String a, String b) {
        return MessageDigest.isEqual(a.getBytes(StandardCharsets.US_ASCII), b.getBytes(StandardCharsets.US_ASCII));
    }

    private static String sha256Hex(String text) {
        try {
            return HEX.formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
