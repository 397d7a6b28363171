package dev.slipway.audit;

import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/** Where the audit chain is kept. Entries are only ever appended; nothing here updates or deletes one. */
public interface AuditRepository {
    /**
     * Appends the entry at the end of the chain, inside the caller's transaction if there is one. Its seq and
     * hash follow from the head atomically, even with concurrent appenders; a rollback leaves neither an entry
     * nor a gap.
     */
    void append(NewAuditEntry entry);

    /**
     * Newest first.
     *
     * @param app       only this app's entries, or null for all
     * @param beforeSeq only entries older than this seq (the last one of the previous page), or 0 for the newest
     */
    List<AuditEntry> list(String app, long beforeSeq, int limit);

    /**
     * Oldest first: up to {@code limit} entries with a seq above {@code seq}, for a reader that follows the log
     * (entries commit in seq order, since appending holds the head until the transaction ends: none appears behind
     * one already read).
     */
    List<AuditEntry> after(long seq, int limit);

    /**
     * Streams every entry to {@code visitor}, seq ascending, without holding them all in memory, and returns the
     * chain head read from the same snapshot as the entries (so appends running meanwhile cannot make the two
     * disagree); empty if the head itself is gone.
     */
    Optional<AuditHead> forEachInOrder(Consumer<AuditEntry> visitor);
}
