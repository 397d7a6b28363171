package dev.slipway.audit;

import dev.slipway.Problem;
import dev.slipway.signing.PublicSigningKey;
import dev.slipway.signing.SigningKey;
import dev.slipway.signing.SigningKeys;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Makes and checks {@link Checkpoint}s: the audit head signed with the server's key, and later proof that the log
 * still passes through it. The chain alone has no secret, so whoever can write the database can rewrite an entry
 * and recompute every later hash and the head; the entry a checkpoint kept then no longer has its hash.
 */
public final class Checkpoints {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'")
            .withZone(ZoneOffset.UTC);

    private final AuditRepository repository;
    private final SigningKeys keys;
    private final Clock clock;

    public Checkpoints(AuditRepository repository, SigningKey key, Clock clock) {
        this(repository, SigningKeys.of(key), clock);
    }

    /** Signs with the current key; verifies with whichever key (current or retired) the checkpoint names. */
    public Checkpoints(AuditRepository repository, SigningKeys keys, Clock clock) {
        this.repository = repository;
        this.keys = keys;
        this.clock = clock;
    }

    /** Signs where the chain ends now; refuses while the chain is broken, since a checkpoint would vouch for it. */
    public Checkpoint make() {
        Verification chain = new AuditVerifier(repository).verify(entry -> { });
        if (!chain.ok()) {
            throw Problem.conflict("the audit chain is broken (" + chain.problem() + "): a checkpoint would vouch for "
                    + "it; find out what happened first (`slipway audit verify`)");
        }
        long seq = chain.entriesChecked();
        String time = TIME.format(clock.instant());
        SigningKey key = keys.current();
        byte[] signature = key.sign(Checkpoint.signedBytes(seq, chain.headHash(), time, key.id()));
        return new Checkpoint(Checkpoint.FORMAT, seq, chain.headHash(), time, key.id(),
                Base64.getEncoder().encodeToString(signature));
    }

    /** Verifies the whole chain, and that it still passes through {@code kept} under this server's signature. */
    public CheckpointCheck verify(Checkpoint kept) {
        AtomicReference<AuditEntry> entry = new AtomicReference<>();
        AtomicReference<Long> newest = new AtomicReference<>(0L);
        Verification chain = new AuditVerifier(repository).verify(e -> {
            if (e.seq() == kept.seq()) {
                entry.set(e);
            }
            newest.set(Math.max(newest.get(), e.seq()));
        });
        String problem = signatureProblem(kept);
        if (problem == null) {
            problem = entryProblem(kept, entry.get(), newest.get());
        }
        return new CheckpointCheck(chain, kept, problem == null, problem);
    }

    private String signatureProblem(Checkpoint kept) {
        PublicSigningKey key = keys.find(kept.keyId()).orElse(null);
        if (key == null) {
            return "the checkpoint was signed with key " + kept.keyId() + ", not with this server's key "
                    + keys.current().id() + " nor a retired one (GET /api/v1/keys lists them): check it against the "
                    + "server that made it, or with that key's public part";
        }
        if (!key.verifies(kept.signedBytes(), kept.signatureBytes())) {
            return "the checkpoint's signature does not verify with this server's key " + key.id() + ": it was "
                    + "changed after it was made, or this server did not make it";
        }
        return null;
    }

    private static String entryProblem(Checkpoint kept, AuditEntry entry, long newest) {
        String of = "the checkpoint of " + kept.time();
        if (kept.seq() == 0) {
            return kept.headHash().equals(AuditChain.GENESIS) ? null
                    : of + " says the empty log ends in " + kept.headHash() + ", not the start of the chain";
        }
        if (entry == null) {
            return "entry #" + kept.seq() + ", where " + of + " ends, is gone (the log now ends at #" + newest
                    + "): entries were deleted, and the log rewritten if plain verification passes";
        }
        if (!entry.hash().equals(kept.headHash())) {
            return "entry #" + kept.seq() + " no longer has the hash the checkpoint kept (" + of + ": "
                    + kept.headHash() + "; now: " + entry.hash() + "): the log was rewritten at or before entry #"
                    + kept.seq() + ", every later hash recomputed, which the chain alone cannot show";
        }
        return null;
    }
}
