package dev.slipway.audit;

import dev.slipway.Problem;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.regex.Pattern;

/**
 * Where the audit chain ended, signed with the server's key: entry #{@code seq} had hash {@code headHash} at
 * {@code time}. Keep it somewhere Slipway cannot write; {@code slipway audit verify --checkpoint FILE} later shows
 * whether the log still passes through it, which catches a rewrite of every later hash that the keyless chain
 * cannot. The signed bytes are permanent (AuditCheckpointApiTest checks them with openssl), US-ASCII:
 *
 * <pre>
 * slipway-audit-checkpoint-v1\n
 * seq:{seq}\n                 decimal
 * head_hash:{head_hash}\n     64 lower-case hex (for seq 0, an empty log: 64 zeros)
 * time:{time}\n               as in the JSON: UTC, 2026-11-22T10:00:00.123Z (always three digits of millis)
 * key_id:{key_id}\n           16 lower-case hex: see GET /api/v1/keys
 * </pre>
 *
 * {@code signature} is the base64 of the 64-byte Ed25519 signature of those bytes. Independently:
 * {@code openssl pkeyutl -verify -pubin -inkey public.pem -rawin -in signed.txt -sigfile signature.bin}.
 */
public record Checkpoint(String format, long seq, String headHash, String time, String keyId, String signature) {
    public static final String FORMAT = "slipway-audit-checkpoint-v1";
    private static final Pattern HASH = Pattern.compile("[0-9a-f]{64}");
    private static final Pattern KEY_ID = Pattern.compile("[0-9a-f]{16}");
    private static final Pattern TIME = Pattern.compile("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\.\\d{3}Z");
    private static final int SIGNATURE_BYTES = 64;
    private static final String AS_PRINTED = ", as `slipway audit checkpoint` printed it";

    /** Refuses (400) a checkpoint that cannot be one, naming the field: e.g. one edited by hand, or cut short. */
    public Checkpoint {
        if (!FORMAT.equals(format)) {
            throw Problem.invalid("not a checkpoint: \"format\" must be \"" + FORMAT + "\"" + AS_PRINTED);
        }
        if (seq < 0) {
            throw Problem.invalid("the checkpoint's seq must be 0 or more" + AS_PRINTED);
        }
        require(headHash, HASH, "head_hash", "64 lower-case hex characters");
        require(time, TIME, "time", "a UTC time like 2026-11-22T10:00:00.123Z");
        require(keyId, KEY_ID, "key_id", "16 lower-case hex characters");
        if (signature == null || signatureBytes(signature) == null) {
            throw Problem.invalid("the checkpoint's signature must be the base64 of " + SIGNATURE_BYTES + " bytes"
                    + AS_PRINTED);
        }
    }

    /** The bytes the signature is over, for these fields (see above). */
    public static byte[] signedBytes(long seq, String headHash, String time, String keyId) {
        return (FORMAT + "\nseq:" + seq + "\nhead_hash:" + headHash + "\ntime:" + time + "\nkey_id:" + keyId + "\n")
                .getBytes(StandardCharsets.US_ASCII);
    }

    public byte[] signedBytes() {
        return signedBytes(seq, headHash, time, keyId);
    }

    /** The raw signature. */
    public byte[] signatureBytes() {
        return signatureBytes(signature);
    }

    private static byte[] signatureBytes(String base64) {
        try {
            byte[] bytes = Base64.getDecoder().decode(base64.strip());
            return bytes.length == SIGNATURE_BYTES ? bytes : null;
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static void require(String value, Pattern pattern, String field, String what) {
        if (value == null || !pattern.matcher(value).matches()) {
            throw Problem.invalid("the checkpoint's " + field + " must be " + what + AS_PRINTED);
        }
    }
}
