package dev.slipway.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.slipway.Problem;
import dev.slipway.audit.AuditChain;
import dev.slipway.audit.AuditEntry;
import dev.slipway.audit.AuditLog;
import dev.slipway.audit.Checkpoint;
import dev.slipway.audit.CheckpointCheck;
import dev.slipway.audit.Checkpoints;
import dev.slipway.signing.SigningKey;
import dev.slipway.signing.SigningKeyFile;
import dev.slipway.signing.SigningKeys;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.jdbi.v3.core.Handle;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Checkpoints over a real database: what plain verification cannot see (every later hash recomputed, or the newest
 * entries cut off with the head moved back) the checkpoint catches; an edited or foreign checkpoint is named.
 */
abstract class AuditCheckpointContract extends DatabaseFixture {
    static final Instant T0 = Instant.parse("2026-11-22T10:00:00.123Z");

    @TempDir
    Path keys;
    private AuditLog log;
    private Checkpoints checkpoints;
    private SigningKey key;

    @BeforeEach
    void setUp() {
        Clock clock = Clock.fixed(T0, ZoneOffset.UTC);
        SqlAuditRepository repository = new SqlAuditRepository(db);
        log = new AuditLog(repository, clock);
        key = SigningKeyFile.loadOrCreate(keys);
        checkpoints = new Checkpoints(repository, key, clock);
    }

    @Test
    void aCheckpointSignedBeforeARotationStillVerifiesAfterIt() {
        Clock clock = Clock.fixed(T0, ZoneOffset.UTC);
        SigningKeys ring = SigningKeys.loadOrCreate(keys.resolve("ring"));
        Checkpoints rotating = new Checkpoints(new SqlAuditRepository(db), ring, clock);
        record(1, 3);
        Checkpoint before = rotating.make();
        String old = ring.current().id();
        ring.rotate(T0);
        record(4, 5);
        assertThat(rotating.verify(before).ok()).as(String.valueOf(rotating.verify(before).problem())).isTrue();
        Checkpoint after = rotating.make();
        assertThat(after.keyId()).isNotEqualTo(old).isEqualTo(ring.current().id());
        assertThat(rotating.verify(after).ok()).isTrue();
        // another server's key is still refused, by name
        assertThat(new Checkpoints(new SqlAuditRepository(db), SigningKeys.loadOrCreate(keys.resolve("other")), clock)
                .verify(before).problem()).startsWith("the checkpoint was signed with key " + old
                + ", not with this server's key");
    }

    private void record(int from, int to) {
        for (int i = from; i <= to; i++) {
            log.record("alice", "thing.changed", "hello", "thing " + i, "v" + (i - 1), "v" + i);
        }
    }

    @Test
    void aCheckpointSignsTheHeadAndStaysValidAsTheLogGrows() {
        Checkpoint empty = checkpoints.make();
        assertThat(empty.seq()).isZero();
        assertThat(empty.headHash()).isEqualTo(AuditChain.GENESIS);
        record(1, 10);
        Checkpoint tenth = checkpoints.make();
        assertThat(tenth.seq()).isEqualTo(10);
        assertThat(tenth.headHash()).isEqualTo(log.list(null, 0, 1).get(0).hash()).isEqualTo(log.verify().headHash());
        assertThat(tenth.time()).isEqualTo("2026-11-22T10:00:00.123Z");
        assertThat(tenth.keyId()).isEqualTo(key.id());
        assertThat(key.verifies(tenth.signedBytes(), tenth.signatureBytes())).isTrue();
        record(11, 12);
        for (Checkpoint kept : List.of(empty, tenth)) {
            CheckpointCheck check = checkpoints.verify(kept);
            assertThat(check.ok()).as(check.problem()).isTrue();
            assertThat(check.chain().entriesChecked()).isEqualTo(12);
        }
    }

    @Test
    void aFullRewriteAfterTheCheckpointPassesTheChainButNotTheCheckpoint() {
        record(1, 10);
        Checkpoint kept = checkpoints.make();
        record(11, 12);
        db.useHandle(h -> rewriteFrom(h, 3));
        assertThat(log.verify().ok()).as("the keyless chain's known limit").isTrue();

        CheckpointCheck check = checkpoints.verify(kept);
        assertThat(check.ok()).isFalse();
        assertThat(check.chain().ok()).isTrue();
        assertThat(check.problem()).startsWith("entry #10 no longer has the hash the checkpoint kept (the checkpoint of "
                + "2026-11-22T10:00:00.123Z: " + kept.headHash() + "; now: ").contains("rewritten at or before entry #10");
    }

    @Test
    void cuttingOffTheNewestEntriesAndMovingTheHeadBackIsCaught() {
        record(1, 10);
        Checkpoint kept = checkpoints.make();
        String eighth = log.list(null, 0, 3).get(2).hash();
        db.useHandle(h -> {
            h.execute("DELETE FROM audit_entries WHERE seq > 8");
            h.execute("UPDATE audit_head SET seq = 8, hash = ?", eighth);
        });
        assertThat(log.verify().ok()).isTrue();
        assertThat(checkpoints.verify(kept).problem()).isEqualTo("entry #10, where the checkpoint of "
                + "2026-11-22T10:00:00.123Z ends, is gone (the log now ends at #8): entries were deleted, and the log "
                + "rewritten if plain verification passes");
    }

    @Test
    void anEditedOrForeignCheckpointIsNamed() {
        record(1, 10);
        Checkpoint kept = checkpoints.make();
        Checkpoint moved = new Checkpoint(kept.format(), 9, log.list(null, 0, 2).get(1).hash(), kept.time(),
                kept.keyId(), kept.signature());
        assertThat(checkpoints.verify(moved).problem()).isEqualTo("the checkpoint's signature does not verify with this "
                + "server's key " + key.id() + ": it was changed after it was made, or this server did not make it");

        Checkpoints elsewhere = new Checkpoints(new SqlAuditRepository(db), SigningKeyFile.loadOrCreate(keys.resolve("b")),
                Clock.fixed(T0, ZoneOffset.UTC));
        Checkpoint foreign = elsewhere.make();
        assertThat(checkpoints.verify(foreign).problem()).startsWith("the checkpoint was signed with key "
                + foreign.keyId() + ", not with this server's key " + key.id());

        Problem junk = catchThrowableOfType(Problem.class, () -> new Checkpoint(kept.format(), kept.seq(),
                kept.headHash().toUpperCase(), kept.time(), kept.keyId(), kept.signature()));
        assertThat(junk.kind()).isEqualTo(Problem.Kind.INVALID);
        assertThat(junk.getMessage()).contains("head_hash must be 64 lower-case hex characters");
    }

    @Test
    void aBrokenChainGetsNoCheckpoint() {
        record(1, 3);
        db.useHandle(h -> h.execute("UPDATE audit_entries SET actor = 'mallory' WHERE seq = 2"));
        Problem refused = catchThrowableOfType(Problem.class, () -> checkpoints.make());
        assertThat(refused.kind()).isEqualTo(Problem.Kind.CONFLICT);
        assertThat(refused.getMessage()).contains("entry #2 was changed").contains("a checkpoint would vouch for it");
    }

    /** Changes entry {@code from} and recomputes its hash and every later one, and the head: a consistent forgery. */
    private void rewriteFrom(Handle h, long from) {
        List<AuditEntry> chain = new ArrayList<>(log.list(null, 0, 1000));
        Collections.reverse(chain);
        String prev = chain.get((int) from - 2).hash();
        for (AuditEntry e : chain.subList((int) from - 1, chain.size())) {
            String actor = e.seq() == from ? "mallory" : e.actor();
            String hash = AuditChain.hash(prev, e.seq(), e.at(), actor, e.action(), e.app(), e.subject(), e.before(),
                    e.after());
            h.execute("UPDATE audit_entries SET actor = ?, prev_hash = ?, hash = ? WHERE seq = ?", actor, prev, hash,
                    e.seq());
            prev = hash;
        }
        h.execute("UPDATE audit_head SET hash = ?", prev);
    }
}
