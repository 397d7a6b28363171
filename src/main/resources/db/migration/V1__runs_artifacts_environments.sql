-- Portable between SQLite and PostgreSQL: TEXT keys, BIGINT epoch millis, no identity columns
-- (numbers come from per-app counters so they read well: run #12, deployment #4).

CREATE TABLE apps (
    name               TEXT    PRIMARY KEY,
    created_at         BIGINT  NOT NULL,
    run_counter        BIGINT  NOT NULL DEFAULT 0,
    deployment_counter BIGINT  NOT NULL DEFAULT 0
);

CREATE TABLE runs (
    app             TEXT    NOT NULL REFERENCES apps (name),
    number          BIGINT  NOT NULL,
    branch          TEXT    NOT NULL,
    commit_sha      TEXT    NOT NULL,
    tree_id         TEXT    NOT NULL,
    pipeline_digest TEXT,
    pushed_by       TEXT    NOT NULL,
    state           TEXT    NOT NULL CHECK (state IN ('QUEUED','RUNNING','SUCCEEDED','FAILED','ERRORED','CANCELLED')),
    error           TEXT,
    artifact        TEXT,
    reused_from     BIGINT,
    created_at      BIGINT  NOT NULL,
    started_at      BIGINT,
    finished_at     BIGINT,
    PRIMARY KEY (app, number)
);
CREATE INDEX runs_by_tree ON runs (app, tree_id, pipeline_digest);
CREATE INDEX runs_by_state ON runs (state);

CREATE TABLE job_runs (
    app         TEXT    NOT NULL,
    run         BIGINT  NOT NULL,
    name        TEXT    NOT NULL,
    stage_index INTEGER NOT NULL,
    stage       TEXT    NOT NULL,
    state       TEXT    NOT NULL CHECK (state IN ('QUEUED','RUNNING','SUCCEEDED','FAILED','ERRORED','CANCELLED','SKIPPED')),
    exit_code   INTEGER,
    error       TEXT,
    started_at  BIGINT,
    finished_at BIGINT,
    PRIMARY KEY (app, run, name),
    FOREIGN KEY (app, run) REFERENCES runs (app, number)
);

CREATE TABLE artifacts (
    app             TEXT    NOT NULL REFERENCES apps (name),
    digest          TEXT    NOT NULL,
    commit_sha      TEXT    NOT NULL,
    tree_id         TEXT    NOT NULL,
    pipeline_digest TEXT    NOT NULL,
    run             BIGINT  NOT NULL,
    size            BIGINT  NOT NULL,
    created_at      BIGINT  NOT NULL,
    PRIMARY KEY (app, digest)
);

CREATE TABLE environments (
    app             TEXT    NOT NULL REFERENCES apps (name),
    name            TEXT    NOT NULL,
    spec_name       TEXT    NOT NULL,
    branch          TEXT,
    port            INTEGER NOT NULL UNIQUE,
    live_deployment BIGINT,
    created_at      BIGINT  NOT NULL,
    PRIMARY KEY (app, name)
);

-- No foreign key to environments: a deployment's history outlives a torn-down branch environment.
CREATE TABLE deployments (
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
    state            TEXT    NOT NULL CHECK (state IN ('QUEUED','DEPLOYING','LIVE','RETIRED','FAILED','ERRORED','CANCELLED')),
    reason           TEXT,
    pid              BIGINT,
    pid_start        BIGINT,
    service_port     INTEGER,
    directory        TEXT,
    created_at       BIGINT  NOT NULL,
    started_at       BIGINT,
    finished_at      BIGINT,
    PRIMARY KEY (app, id)
);
CREATE INDEX deployments_by_environment ON deployments (app, environment, id);
CREATE INDEX deployments_by_state ON deployments (state);
