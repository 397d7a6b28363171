package dev.slipway.artifact;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** A sha256 content address, written {@code sha256:<64 lower-case hex>} everywhere users see it. */
public record Digest(String hex) {

    static final String ALGORITHM = "sha256";
    private static final String PREFIX = ALGORITHM + ":";
    private static final String EXPECTED = "expected 'sha256:' followed by 64 lower-case hex characters";

    public Digest {
        if (!isHex64(hex)) {
            throw new IllegalArgumentException("a sha256 digest is 64 lower-case hex characters, got '" + hex + "'");
        }
    }

    /** Parses the {@code sha256:<hex>} form; the prefix is required so a digest is never confused with a commit hash. */
    public static Digest parse(String text) {
        if (text == null || text.isEmpty()) {
            throw new IllegalArgumentException("missing digest: " + EXPECTED);
        }
        if (!text.startsWith(PREFIX)) {
            throw new IllegalArgumentException("'" + text + "' is not a digest: " + EXPECTED);
        }
        String hex = text.substring(PREFIX.length());
        if (!isHex64(hex)) {
            String got = hex.length() != 64 ? hex.length() + " characters"
                    : hex.chars().anyMatch(Character::isUpperCase) ? "upper-case letters" : "characters that are not hex";
            throw new IllegalArgumentException("'" + text + "' is not a valid digest: " + EXPECTED + ", got " + got + " after the prefix");
        }
        return new Digest(hex);
    }

    /** [0-9a-f]{64} without a regex: every row read from the database holds digests, and pages read many rows. */
    private static boolean isHex64(String text) {
        if (text == null || text.length() != 64) {
            return false;
        }
        for (int i = 0; i < 64; i++) {
            char c = text.charAt(i);
            if (!(c >= '0' && c <= '9' || c >= 'a' && c <= 'f')) {
                return false;
            }
        }
        return true;
    }

    public static Digest ofBytes(byte[] bytes) {
        return of(newSha256().digest(bytes));
    }

    static Digest of(byte[] sha256) {
        return new Digest(HexFormat.of().formatHex(sha256));
    }

    static MessageDigest newSha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime provides SHA-256", e);
        }
    }

    @Override
    public String toString() {
        return PREFIX + hex;
    }

    public String shortForm() {
        return hex.substring(0, 12);
    }
}
