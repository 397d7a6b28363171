package dev.slipway.audit;

/**
 * The outcome of recomputing the audit chain.
 *
 * @param ok             true when every entry and the head match
 * @param entriesChecked entries found intact before the first problem (all of them when ok)
 * @param headHash       the hash the chain head ends with (keep it elsewhere to detect a full rewrite), or null
 *                       when the head is gone
 * @param badSeq         the first entry that does not match, or null when ok or when only the head is gone
 * @param tampering      what kind of change it looks like, or null when ok
 * @param problem        what was found, in words a person understands, or null when ok
 */
public record Verification(boolean ok, long entriesChecked, String headHash, Long badSeq, Tampering tampering,
                           String problem) {
    public enum Tampering {
        /** An entry's columns no longer match its hash. */
        CHANGED,
        /** Entries are missing: at the start, in the middle, or at the end (compared with the head). */
        MISSING,
        /** An entry does not follow the one before it: rows were reordered or replaced. */
        OUT_OF_ORDER,
        /** An entry that Slipway never wrote: numbered before #1 or after the head. */
        INSERTED,
        /** The chain head is gone or does not match the newest entry. */
        HEAD_CHANGED
    }

    static Verification passed(long entriesChecked, String headHash) {
        return new Verification(true, entriesChecked, headHash, null, null, null);
    }

    static Verification failed(long entriesChecked, String headHash, Long badSeq, Tampering tampering,
                               String problem) {
        return new Verification(false, entriesChecked, headHash, badSeq, tampering, problem);
    }
}
