package dev.slipway.audit;

import dev.slipway.audit.Verification.Tampering;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Recomputes the chain from entry #1 and names the first entry that does not match. Each entry is checked for
 * its place (seq follows the previous one), its link (prevHash is the previous entry's hash) and its content
 * (the recomputed hash is its hash); at the end the newest entry is compared with the head.
 */
final class AuditVerifier {
    private final AuditRepository repository;

    AuditVerifier(AuditRepository repository) {
        this.repository = repository;
    }

    Verification verify() {
        return verify(entry -> { });
    }

    /** As {@link #verify()}, showing {@code alsoSee} every entry on the way (a checkpoint looks for its own). */
    Verification verify(Consumer<AuditEntry> alsoSee) {
        Walk walk = new Walk();
        Optional<AuditHead> head = repository.forEachInOrder(entry -> {
            alsoSee.accept(entry);
            walk.visit(entry);
        });
        return head.map(walk::finish).orElseGet(walk::finishWithoutHead);
    }

    private record Finding(long seq, Tampering tampering, String problem) {}

    /** The state of one pass along the chain; remembers only the first problem. */
    private static final class Walk {
        private long expectedSeq = 1;
        private String expectedPrev = AuditChain.GENESIS;
        private long checked;
        private Finding first;

        void visit(AuditEntry e) {
            if (first == null) {
                first = check(e);
                if (first == null) {
                    checked++;
                    expectedSeq++;
                    expectedPrev = e.hash();
                }
            }
        }

        private Finding check(AuditEntry e) {
            long seq = e.seq();
            if (seq < expectedSeq) { // rows come in seq order and seq is unique: only a seq below #1 gets here
                return new Finding(seq, Tampering.INSERTED, "entry #" + seq
                        + " was not written by Slipway (entries start at #1): a row was inserted");
            }
            if (seq > expectedSeq) {
                return new Finding(expectedSeq, Tampering.MISSING, missing(expectedSeq, seq));
            }
            boolean linked = e.prevHash().equals(expectedPrev);
            boolean intact = AuditChain.hashOf(e).equals(e.hash());
            if (linked && intact) {
                return null;
            }
            if (linked) {
                return changed(seq, "its content no longer matches its hash");
            }
            String relinked = AuditChain.hash(expectedPrev, seq, e.at(), e.actor(), e.action(), e.app(),
                    e.subject(), e.before(), e.after());
            if (relinked.equals(e.hash())) { // everything but the prevHash column is as written
                return changed(seq, "its previous-hash was edited");
            }
            return new Finding(seq, Tampering.OUT_OF_ORDER, seq == 1
                    ? "entry #1 is out of order: its previous-hash is not the start of the chain"
                    : "entry #" + seq + " is out of order: its previous-hash does not match entry #" + (seq - 1)
                      + " (rows were reordered, or entry #" + (seq - 1) + " was rewritten with a new hash)");
        }

        private static Finding changed(long seq, String why) {
            return new Finding(seq, Tampering.CHANGED, "entry #" + seq + " was changed after it was written (" + why + ")");
        }

        private static String missing(long from, long found) {
            String what = found - from == 1 ? "entry #" + from + " is missing"
                    : "entries #" + from + " to #" + (found - 1) + " are missing";
            String where = from == 1 ? "the log starts at #" + found
                    : "entries jump from #" + (from - 1) + " to #" + found;
            return what + " (" + where + "): " + (found - from == 1 ? "a row was deleted" : "rows were deleted");
        }

        /** Reconciles the walk with the head, which says where the chain must end. */
        Verification finish(AuditHead head) {
            long last = expectedSeq - 1;
            if (first != null && first.seq() > head.seq()) { // the chain was intact up to the head, then junk
                return inserted(head);
            }
            if (first != null) {
                return failed(head.hash(), first);
            }
            if (last > head.seq()) {
                return inserted(head);
            }
            if (last < head.seq()) {
                long gone = head.seq() - last;
                return Verification.failed(checked, head.hash(), last + 1, Tampering.MISSING, (last == 0
                        ? "the log is empty but the chain head says #" + head.seq()
                        : "the newest entry is #" + last + " but the chain head says #" + head.seq())
                        + (gone == 1 ? ": the last entry was deleted" : ": the last " + gone + " entries were deleted"));
            }
            if (!head.hash().equals(expectedPrev)) {
                return Verification.failed(checked, head.hash(), last, Tampering.HEAD_CHANGED,
                        "the chain head does not match entry #" + last + " (their hashes differ): the head was changed");
            }
            return Verification.passed(checked, head.hash());
        }

        private Verification inserted(AuditHead head) {
            long seq = head.seq() + 1;
            return Verification.failed(Math.min(checked, head.seq()), head.hash(), seq, Tampering.INSERTED,
                    "entry #" + seq + " was not written by Slipway (the chain head ends at #" + head.seq()
                    + "): a row was inserted");
        }

        Verification finishWithoutHead() {
            if (first != null) {
                return failed(null, first);
            }
            return Verification.failed(checked, null, null, Tampering.HEAD_CHANGED,
                    "the chain head is missing (table audit_head has no row): it was deleted");
        }

        private Verification failed(String headHash, Finding f) {
            return Verification.failed(checked, headHash, f.seq(), f.tampering(), f.problem());
        }
    }
}
