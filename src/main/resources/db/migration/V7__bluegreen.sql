-- Blue/green: two more deployment states (READY: healthy in the idle slot, waiting for a swap; WARM: swapped away,
-- kept running for keep_warm), the slot a deployment runs in ('blue'/'green'; NULL for recreate) and how long it
-- stays warm once swapped away. SQLite cannot alter a CHECK constraint, so the table is rebuilt — the same
-- statements on both databases (nothing references deployments; Flyway runs this in one transaction).

CREATE TABLE deployments_v7 (
    app              TEXT    NOT NULL REFERENCES apps (name),
    id               BIGINT  NOT NULL,
    environment      TEXT    NOT NULL,
    digest           TEXT    NOT NULL,
    commit_sha       TEXT    NOT NULL,
    run              BIGINT  NOT NULL,
    trigger_kind     TEXT    NOT NULL CHECK (trigger_kind IN ('PUSH','PROMOTION','TAG','ROLLBACK')),
    actor            TEXT    NOT NULL,
    command          TEXT    NOT NULL,
    health           TEXT    NOT NULL,
    start_timeout_ms BIGINT  NOT NULL,
    config           TEXT    NOT NULL,
    state            TEXT    NOT NULL CHECK (state IN ('QUEUED','DEPLOYING','READY','LIVE','WARM','RETIRED','FAILED','ERRORED','CANCELLED')),
    reason           TEXT,
    pid              BIGINT,
    pid_start        BIGINT,
    service_port     INTEGER,
    directory        TEXT,
    created_at       BIGINT  NOT NULL,
    started_at       BIGINT,
    finished_at      BIGINT,
    retired_at       BIGINT,
    secret_names     TEXT    NOT NULL DEFAULT '[]',
    slot             TEXT    CHECK (slot IN ('blue','green')),
    keep_warm_ms     BIGINT,
    PRIMARY KEY (app, id)
);

INSERT INTO deployments_v7 (app, id, environment, digest, commit_sha, run, trigger_kind, actor, command, health,
        start_timeout_ms, config, state, reason, pid, pid_start, service_port, directory, created_at, started_at,
        finished_at, retired_at, secret_names)
    SELECT app, id, environment, digest, commit_sha, run, trigger_kind, actor, command, health,
        start_timeout_ms, config, state, reason, pid, pid_start, service_port, directory, created_at, started_at,
        finished_at, retired_at, secret_names
    FROM deployments;

DROP TABLE deployments;
ALTER TABLE deployments_v7 RENAME TO deployments;
CREATE INDEX deployments_by_environment ON deployments (app, environment, id);
CREATE INDEX deployments_by_state ON deployments (state);
