package dev.slipway.audit;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;

/**
 * The canonical hashing of the audit chain. This format is permanent: changing it breaks every log already
 * written (AuditChainTest pins it). Anyone can re-verify a log with another tool:
 *
 * <pre>
 * hash(entry) = lower-hex( SHA-256( ascii(prevHash) + "\n" + canonical(entry) ) )
 * prevHash    = hash of entry seq - 1; for entry #1, 64 zeros ("0000…0000")
 * canonical   = field(seq) + field(at) + field(actor) + field(action) + field(app)
 *               + field(subject) + field(before) + field(after)
 * field(null) = "-\n"
 * field(text) = N + ":" + utf8(text) + "\n"      N = the number of UTF-8 bytes of text, in decimal
 * seq, at     = decimal text; at = epoch milliseconds (UTC), e.g. "1795341600123"
 * </pre>
 *
 * The length prefix makes the encoding unambiguous (no choice of field contents can shift a boundary), and
 * {@code "-"} (no colon) cannot be confused with the empty string {@code "0:"}. In Python:
 *
 * <pre>
 * def field(v): return b"-\n" if v is None else b"%d:%s\n" % (len(v.encode()), v.encode())
 * def entry_hash(prev, seq, at_millis, actor, action, app, subject, before, after):
 *     fields = [str(seq), str(at_millis), actor, action, app, subject, before, after]
 *     return hashlib.sha256(prev.encode() + b"\n" + b"".join(map(field, fields))).hexdigest()
 * </pre>
 *
 * The chain proves that nothing was edited, deleted or reordered by someone who did not also recompute every
 * later hash and the head: it has no secret key, so compare the head hash ({@code slipway audit verify}
 * prints it) with one kept elsewhere to rule out a full rewrite.
 */
public final class AuditChain {
    /** The prevHash of entry #1. */
    public static final String GENESIS = "0".repeat(64);
    private static final HexFormat HEX = HexFormat.of();
    private static final byte[] NULL_FIELD = "-\n".getBytes(StandardCharsets.US_ASCII);

    private AuditChain() {}

    /** Gives the entry its place after {@code prevHash}: seq, time truncated to what is stored, and hash. */
    public static AuditEntry link(long seq, String prevHash, NewAuditEntry e) {
        Instant at = Instant.ofEpochMilli(e.at().toEpochMilli());
        String hash = hash(prevHash, seq, at, e.actor(), e.action(), e.app(), e.subject(), e.before(), e.after());
        return new AuditEntry(seq, at, e.actor(), e.action(), e.app(), e.subject(), e.before(), e.after(),
                prevHash, hash);
    }

    /** Recomputes the hash of a stored entry from its fields and its stored prevHash. */
    public static String hashOf(AuditEntry e) {
        return hash(e.prevHash(), e.seq(), e.at(), e.actor(), e.action(), e.app(), e.subject(), e.before(), e.after());
    }

    public static String hash(String prevHash, long seq, Instant at, String actor, String action, String app,
                              String subject, String before, String after) {
        MessageDigest sha256 = sha256();
        sha256.update(prevHash.getBytes(StandardCharsets.US_ASCII));
        sha256.update((byte) '\n');
        for (String field : new String[] {Long.toString(seq), Long.toString(at.toEpochMilli()), actor, action, app,
                subject, before, after}) {
            update(sha256, field);
        }
        return HEX.formatHex(sha256.digest());
    }

    private static void update(MessageDigest sha256, String field) {
        if (field == null) {
            sha256.update(NULL_FIELD);
            return;
        }
        byte[] bytes = field.getBytes(StandardCharsets.UTF_8);
        sha256.update((bytes.length + ":").getBytes(StandardCharsets.US_ASCII));
        sha256.update(bytes);
        sha256.update((byte) '\n');
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
