package dev.slipway.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.audit.AuditChain;
import dev.slipway.audit.AuditEntry;
import dev.slipway.audit.AuditLog;
import dev.slipway.audit.NewAuditEntry;
import dev.slipway.audit.Verification;
import dev.slipway.audit.Verification.Tampering;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.stream.Stream;
import org.jdbi.v3.core.Handle;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Each way of changing the audit tables directly with SQL, and what verify must say about it: the first entry that
 * does not match and the kind of change. The log has 10 entries; entries #3, #6 and #9 have no app.
 */
abstract class AuditTamperingContract extends DatabaseFixture {
    static final Instant T0 = Instant.parse("2026-11-22T10:00:00.123Z");
    static final String FORGED_HASH = "f".repeat(64);

    /** Changes the database behind Slipway's back; {@code chain} is the untouched log, #1 first. */
    interface Tamper {
        void apply(Handle h, List<AuditEntry> chain);
    }

    record Case(String name, Tamper tamper, Long seq, Tampering kind, String problem) {
        @Override
        public String toString() {
            return name;
        }
    }

    private AuditLog log;
    private List<AuditEntry> chain;

    @BeforeEach
    void writeTenEntries() {
        log = new AuditLog(new SqlAuditRepository(db), Clock.fixed(T0, ZoneOffset.UTC));
        for (int i = 1; i <= 10; i++) {
            log.record("alice", "thing.changed", i % 3 == 0 ? null : "hello", "thing " + i, "v" + (i - 1), "v" + i);
        }
        chain = new ArrayList<>(log.list(null, 0, 100));
        Collections.reverse(chain);
        assertThat(log.verify().ok()).isTrue();
    }

    static Stream<Case> cases() {
        String changed = "was changed after it was written (its content no longer matches its hash)";
        return Stream.of(
                new Case("edit actor", update("actor = 'mallory'", 5), 5L, Tampering.CHANGED, "entry #5 " + changed),
                new Case("edit action", update("action = 'thing.deleted'", 5), 5L, Tampering.CHANGED, changed),
                new Case("edit app", update("app = 'other'", 5), 5L, Tampering.CHANGED, changed),
                new Case("edit app from null to empty", update("app = ''", 3), 3L, Tampering.CHANGED, changed),
                new Case("edit subject", update("subject = 'thing 99'", 5), 5L, Tampering.CHANGED, changed),
                new Case("edit before", update("before_value = 'v9'", 5), 5L, Tampering.CHANGED, changed),
                new Case("edit after to null", update("after_value = NULL", 5), 5L, Tampering.CHANGED, changed),
                new Case("edit time by 1 ms", update("recorded_at = recorded_at + 1", 5), 5L, Tampering.CHANGED, changed),
                new Case("edit hash", update("hash = '" + FORGED_HASH + "'", 5), 5L, Tampering.CHANGED, changed),
                new Case("edit previous hash", update("prev_hash = '" + FORGED_HASH + "'", 5), 5L, Tampering.CHANGED,
                        "entry #5 was changed after it was written (its previous-hash was edited)"),
                new Case("edit the first entry", update("actor = 'mallory'", 1), 1L, Tampering.CHANGED, "entry #1 " + changed),
                new Case("edit the newest entry", update("actor = 'mallory'", 10), 10L, Tampering.CHANGED, "entry #10 " + changed),
                new Case("edit an entry and recompute its hash", AuditTamperingContract::rewriteFifth, 6L,
                        Tampering.OUT_OF_ORDER, "entry #6 is out of order: its previous-hash does not match entry #5"),
                new Case("renumber an entry", update("seq = 50", 5), 5L, Tampering.MISSING,
                        "entry #5 is missing (entries jump from #4 to #6): a row was deleted"),
                new Case("delete the first", delete("seq = 1"), 1L, Tampering.MISSING,
                        "entry #1 is missing (the log starts at #2): a row was deleted"),
                new Case("delete one in the middle", delete("seq = 5"), 5L, Tampering.MISSING,
                        "entry #5 is missing (entries jump from #4 to #6): a row was deleted"),
                new Case("delete three in the middle", delete("seq BETWEEN 4 AND 6"), 4L, Tampering.MISSING,
                        "entries #4 to #6 are missing (entries jump from #3 to #7): rows were deleted"),
                new Case("delete the newest", delete("seq = 10"), 10L, Tampering.MISSING,
                        "the newest entry is #9 but the chain head says #10: the last entry was deleted"),
                new Case("delete the newest two", delete("seq >= 9"), 9L, Tampering.MISSING,
                        "the newest entry is #8 but the chain head says #10: the last 2 entries were deleted"),
                new Case("delete every entry", delete("1 = 1"), 1L, Tampering.MISSING,
                        "the log is empty but the chain head says #10: the last 10 entries were deleted"),
                new Case("delete the newest and move the head back", (h, c) -> {
                    h.execute("DELETE FROM audit_entries WHERE seq = 10");
                    h.execute("UPDATE audit_head SET seq = 9");
                }, 9L, Tampering.HEAD_CHANGED, "the chain head does not match entry #9"),
                new Case("swap two entries' numbers", swap(4, 5), 4L, Tampering.OUT_OF_ORDER,
                        "entry #4 is out of order: its previous-hash does not match entry #3"),
                new Case("swap the first two entries' numbers", swap(1, 2), 1L, Tampering.OUT_OF_ORDER,
                        "entry #1 is out of order: its previous-hash is not the start of the chain"),
                new Case("insert after the newest", (h, c) -> insert(h, forged(11, FORGED_HASH, FORGED_HASH)),
                        11L, Tampering.INSERTED, "entry #11 was not written by Slipway (the chain head ends at #10)"),
                new Case("insert a well-chained entry after the newest",
                        (h, c) -> insert(h, AuditChain.link(11, c.get(9).hash(), forgery())),
                        11L, Tampering.INSERTED, "entry #11 was not written by Slipway (the chain head ends at #10)"),
                new Case("insert before the first", (h, c) -> insert(h, AuditChain.link(0, AuditChain.GENESIS, forgery())),
                        0L, Tampering.INSERTED, "entry #0 was not written by Slipway (entries start at #1)"),
                new Case("replace an entry with a self-consistent forgery", (h, c) -> {
                    h.execute("DELETE FROM audit_entries WHERE seq = 5");
                    insert(h, AuditChain.link(5, AuditChain.GENESIS, forgery()));
                }, 5L, Tampering.OUT_OF_ORDER, "entry #5 is out of order: its previous-hash does not match entry #4"),
                new Case("edit the head's hash", (h, c) -> h.execute("UPDATE audit_head SET hash = ?", FORGED_HASH),
                        10L, Tampering.HEAD_CHANGED, "the chain head does not match entry #10"),
                new Case("delete the head", (h, c) -> h.execute("DELETE FROM audit_head"),
                        null, Tampering.HEAD_CHANGED, "the chain head is missing"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void verifyNamesTheFirstEntryThatDoesNotMatch(Case c) {
        db.useHandle(h -> c.tamper().apply(h, chain));
        Verification verification = log.verify();
        assertThat(verification.ok()).isFalse();
        assertThat(verification.problem()).contains(c.problem());
        assertThat(verification.tampering()).as(verification.problem()).isEqualTo(c.kind());
        assertThat(verification.badSeq()).as(verification.problem()).isEqualTo(c.seq());
        if (c.seq() != null && c.seq() > 0) { // entries before the bad one were intact; a bad head spoils no entry
            long intact = c.kind() == Tampering.HEAD_CHANGED ? c.seq() : Math.min(c.seq() - 1, chain.size());
            assertThat(verification.entriesChecked()).isEqualTo(intact);
        }
    }

    private static Tamper update(String set, long seq) {
        return (h, c) -> assertThat(h.execute("UPDATE audit_entries SET " + set + " WHERE seq = ?", seq)).isEqualTo(1);
    }

    private static Tamper delete(String where) {
        return (h, c) -> assertThat(h.execute("DELETE FROM audit_entries WHERE " + where)).isPositive();
    }

    private static Tamper swap(long a, long b) {
        return (h, c) -> {
            h.execute("UPDATE audit_entries SET seq = -1 WHERE seq = ?", a);
            h.execute("UPDATE audit_entries SET seq = ? WHERE seq = ?", a, b);
            h.execute("UPDATE audit_entries SET seq = ? WHERE seq = -1", b);
        };
    }

    /** Entry #5 with new content and a hash recomputed from #4: the forger stopped short of rewriting #6 on. */
    private static void rewriteFifth(Handle h, List<AuditEntry> chain) {
        h.execute("DELETE FROM audit_entries WHERE seq = 5");
        insert(h, AuditChain.link(5, chain.get(3).hash(), forgery()));
    }

    private static NewAuditEntry forgery() {
        return new NewAuditEntry(T0, "mallory", "thing.changed", "hello", "thing 5", "v4", "forged");
    }

    private static AuditEntry forged(long seq, String prevHash, String hash) {
        NewAuditEntry f = forgery();
        return new AuditEntry(seq, f.at(), f.actor(), f.action(), f.app(), f.subject(), f.before(), f.after(), prevHash, hash);
    }

    private static void insert(Handle h, AuditEntry e) {
        h.execute("INSERT INTO audit_entries (seq, recorded_at, actor, action, app, subject, before_value, after_value, "
                        + "prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", e.seq(), e.at().toEpochMilli(),
                e.actor(), e.action(), e.app(), e.subject(), e.before(), e.after(), e.prevHash(), e.hash());
    }
}
