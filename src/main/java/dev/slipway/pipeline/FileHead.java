package dev.slipway.pipeline;

import dev.slipway.artifact.Digest;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The start of a file read with a limit: all its bytes when it has at most the limit, else only the first limit + 1
 * (enough to say where the limit is crossed). {@code size} and {@code digest} are always of the whole file, so a file
 * too large to read is still refused and recorded without being held in memory.
 */
public record FileHead(byte[] bytes, long size, Digest digest) {

    /** A file already in memory. */
    public static FileHead of(byte[] whole, int maxBytes) {
        byte[] head = whole.length > maxBytes ? java.util.Arrays.copyOf(whole, maxBytes + 1) : whole;
        return new FileHead(head, whole.length, Digest.ofBytes(whole));
    }

    /** Reads {@code in} to its end, keeping at most {@code maxBytes + 1} bytes and digesting all of them. */
    public static FileHead read(InputStream in, int maxBytes) throws IOException {
        MessageDigest sha = sha256();
        ByteArrayOutputStream head = new ByteArrayOutputStream(Math.min(maxBytes + 1, 64 * 1024));
        long size = 0;
        byte[] buffer = new byte[64 * 1024];
        try (InputStream digesting = new DigestInputStream(in, sha)) {
            for (int n; (n = digesting.read(buffer)) > 0; size += n) {
                int keep = (int) Math.max(0, Math.min(n, maxBytes + 1L - size));
                head.write(buffer, 0, keep);
            }
        }
        return new FileHead(head.toByteArray(), size, new Digest(HexFormat.of().formatHex(sha.digest())));
    }

    /** Whether {@link #bytes} is the whole file. */
    public boolean whole() {
        return bytes.length == size;
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime provides SHA-256", e);
        }
    }
}
