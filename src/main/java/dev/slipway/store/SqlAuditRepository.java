package dev.slipway.store;

import dev.slipway.audit.AuditChain;
import dev.slipway.audit.AuditEntry;
import dev.slipway.audit.AuditHead;
import dev.slipway.audit.AuditRepository;
import dev.slipway.audit.NewAuditEntry;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.mapper.RowMapper;
import org.jdbi.v3.core.result.ResultIterator;
import org.jdbi.v3.core.statement.Query;

public final class SqlAuditRepository implements AuditRepository {
    private static final String COLUMNS = "seq, recorded_at, actor, action, app, subject, before_value, after_value, "
            + "prev_hash, hash";
    /** The head as uncorrelated subqueries: evaluated once per statement, in that statement's snapshot. */
    private static final String HEAD = "(SELECT seq FROM audit_head WHERE id = 1) AS head_seq, "
            + "(SELECT hash FROM audit_head WHERE id = 1) AS head_hash";
    /** Rows per round trip when streaming the whole chain: bounded memory, few round trips. */
    private static final int FETCH_SIZE = 1_000;
    private static final RowMapper<AuditEntry> ENTRY = (rs, ctx) -> new AuditEntry(
            rs.getLong("seq"), Times.instant(rs, "recorded_at"), rs.getString("actor"), rs.getString("action"),
            rs.getString("app"), rs.getString("subject"), rs.getString("before_value"), rs.getString("after_value"),
            rs.getString("prev_hash"), rs.getString("hash"));
    private static final RowMapper<Optional<AuditHead>> HEAD_OF_ROW = (rs, ctx) -> rs.getString("head_hash") == null
            ? Optional.empty() : Optional.of(new AuditHead(rs.getLong("head_seq"), rs.getString("head_hash")));
    private static final RowMapper<Row> ROW = (rs, ctx) -> new Row(ENTRY.map(rs, ctx), HEAD_OF_ROW.map(rs, ctx));

    private record Row(AuditEntry entry, Optional<AuditHead> head) {}

    /** The head, and how many entries were seen with it in the same statement. */
    private record Snapshot(Optional<AuditHead> head, long entries) {}

    private final Database db;

    public SqlAuditRepository(Database database) {
        this.db = database;
    }

    @Override
    public void append(NewAuditEntry entry) {
        db.useTransaction(h -> {
            // Takes the next seq and reads the previous hash in one statement that also row-locks the head until
            // the transaction ends: a concurrent appender waits, then sees this entry as its predecessor.
            AuditEntry linked = h.createQuery("UPDATE audit_head SET seq = seq + 1 WHERE id = 1 RETURNING seq, hash")
                    .map((rs, ctx) -> AuditChain.link(rs.getLong("seq"), rs.getString("hash"), entry))
                    .findOne()
                    .orElseThrow(() -> new IllegalStateException(
                            "the audit chain head (table audit_head) is missing; run `slipway audit verify`"));
            h.createUpdate("INSERT INTO audit_entries (" + COLUMNS + ") VALUES (:seq, :at, :actor, :action, :app, "
                            + ":subject, :before, :after, :prevHash, :hash)")
                    .bind("seq", linked.seq()).bind("at", Times.millis(linked.at())).bind("actor", linked.actor())
                    .bind("action", linked.action()).bind("app", linked.app()).bind("subject", linked.subject())
                    .bind("before", linked.before()).bind("after", linked.after())
                    .bind("prevHash", linked.prevHash()).bind("hash", linked.hash())
                    .execute();
            h.createUpdate("UPDATE audit_head SET hash = :hash WHERE id = 1").bind("hash", linked.hash()).execute();
            db.changed(linked.app()); // every audited state change is a change the dashboard shows
        });
    }

    @Override
    public List<AuditEntry> list(String app, long beforeSeq, int limit) {
        String sql = "SELECT " + COLUMNS + " FROM audit_entries WHERE 1 = 1"
                + (app != null ? " AND app = :app" : "")
                + (beforeSeq > 0 ? " AND seq < :before" : "")
                + " ORDER BY seq DESC LIMIT :limit";
        return db.withHandle(h -> {
            Query query = h.createQuery(sql).bind("limit", limit);
            if (app != null) {
                query.bind("app", app);
            }
            if (beforeSeq > 0) {
                query.bind("before", beforeSeq);
            }
            return query.map(ENTRY).list();
        });
    }

    @Override
    public List<AuditEntry> after(long seq, int limit) {
        return db.withHandle(h -> h.createQuery("SELECT " + COLUMNS + " FROM audit_entries WHERE seq > :seq "
                + "ORDER BY seq LIMIT :limit").bind("seq", seq).bind("limit", limit).map(ENTRY).list());
    }

    @Override
    public Optional<AuditHead> forEachInOrder(Consumer<AuditEntry> visitor) {
        // A transaction, because PostgreSQL streams with a cursor (fetch size) only outside autocommit.
        return db.inTransaction(h -> {
            for (int attempt = 0; attempt < 3; attempt++) {
                Snapshot streamed = streamInOrder(h, visitor);
                if (streamed.entries() > 0) {
                    return streamed.head();
                }
                // No entry row to carry the head: read it alone, checking in the same statement that the log is
                // still empty (else the first entries were committed meanwhile, and they are streamed next round).
                Snapshot empty = h.createQuery("SELECT " + HEAD + ", (SELECT COUNT(*) FROM audit_entries) AS entries")
                        .map((rs, ctx) -> new Snapshot(HEAD_OF_ROW.map(rs, ctx), rs.getLong("entries"))).one();
                if (empty.entries() == 0) {
                    return empty.head();
                }
            }
            throw new IllegalStateException("the audit log kept changing while it was read; try again");
        });
    }

    /**
     * Head and entries in one statement, because PostgreSQL gives each statement one snapshot: an append that
     * commits meanwhile is in both or in neither. Rows come by the primary-key index, in seq order, unsorted.
     */
    private static Snapshot streamInOrder(Handle h, Consumer<AuditEntry> visitor) {
        Optional<AuditHead> head = Optional.empty();
        long entries = 0;
        try (ResultIterator<Row> rows = h.createQuery("SELECT " + HEAD + ", " + COLUMNS
                        + " FROM audit_entries ORDER BY seq")
                .setFetchSize(FETCH_SIZE).map(ROW).iterator()) {
            while (rows.hasNext()) {
                Row row = rows.next();
                head = row.head();
                entries++;
                visitor.accept(row.entry());
            }
        }
        return new Snapshot(head, entries);
    }
}
