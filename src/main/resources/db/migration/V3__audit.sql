-- The audit log: append-only and hash-chained (the hash format is documented in dev.slipway.audit.AuditChain).
-- Portable between SQLite and PostgreSQL like V1: TEXT, BIGINT epoch millis, no identity columns.

-- seq comes from audit_head, not from an identity column: gap-free, and the same on both databases.
-- No foreign key to apps: the record of what happened to an app outlives the app.
CREATE TABLE audit_entries (
    seq          BIGINT  PRIMARY KEY,
    recorded_at  BIGINT  NOT NULL,
    actor        TEXT    NOT NULL,
    action       TEXT    NOT NULL,
    app          TEXT,
    subject      TEXT    NOT NULL,
    before_value TEXT,
    after_value  TEXT,
    prev_hash    TEXT    NOT NULL,
    hash         TEXT    NOT NULL
);
CREATE INDEX audit_entries_by_app ON audit_entries (app, seq);

-- Where the chain ends (one row). An appender locks it with UPDATE … RETURNING until its transaction ends, so
-- concurrent appenders take turns; verify compares it with the newest entry, so deleting the tail is noticed.
CREATE TABLE audit_head (
    id   INTEGER PRIMARY KEY CHECK (id = 1),
    seq  BIGINT  NOT NULL,
    hash TEXT    NOT NULL
);
INSERT INTO audit_head (id, seq, hash)
VALUES (1, 0, '0000000000000000000000000000000000000000000000000000000000000000');
