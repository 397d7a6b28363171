-- Reproducibility checks (`slipway rebuild APP COMMIT`, an environment's `require: [reproducible]`): a commit built
-- again in a fresh workspace and the digest compared with the artifact recorded for it. The rebuilt output is never
-- kept; only this row is. finished_at NULL: under way (a restart starts it again). differences: one line per differing
-- tar entry ("dist/BUILD_ID: content differs"), NULL unless DIFFERENT; detail: why a FAILED one failed.
CREATE TABLE rebuilds (
    id              BIGINT  NOT NULL,
    app             TEXT    NOT NULL REFERENCES apps (name),
    commit_sha      TEXT    NOT NULL,
    run             BIGINT  NOT NULL,
    artifact        TEXT    NOT NULL,
    rebuilt         TEXT,
    outcome         TEXT    NOT NULL,
    differences     TEXT,
    detail          TEXT,
    requested_by    TEXT    NOT NULL,
    started_at      BIGINT  NOT NULL,
    finished_at     BIGINT,
    PRIMARY KEY (app, id)
);
CREATE INDEX rebuilds_by_commit ON rebuilds (app, commit_sha);
ALTER TABLE apps ADD COLUMN rebuild_counter BIGINT NOT NULL DEFAULT 0;
